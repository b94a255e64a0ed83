import type { Catalog } from "../catalog/load-catalog.js";

/**
 * The command that brings an upstream's public advisories (Red Hat CSAF) into the store, from the
 * live source its catalog file declares; null when it declares none.
 *
 * @example
 * csafImportCommand(catalog, "rhel") // "elscope import redhat-csaf https://security.access.redhat.com/data/csaf/v2/advisories/"
 */
export function csafImportCommand(catalog: Catalog, upstream: string): string | null {
  const d = catalog.distros.find((x) => x.id === upstream);
  const url = d?.advisories?.sources.find((x) => x.kind === "redhat-csaf")?.url;
  return url === undefined ? null : `elscope import redhat-csaf ${url}`;
}
