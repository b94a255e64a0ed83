import type { Catalog } from "./load-catalog.js";

/**
 * The catalog distributions that follow `upstream`: the default rebuilds of a comparison.
 *
 * @example
 * rebuildsOf(catalog, "rhel") // ["almalinux", "centos-stream", "oracle", "rocky"]
 */
export function rebuildsOf(catalog: Catalog, upstream: string): string[] {
  return catalog.distros.filter((d) => d.upstream === upstream).map((d) => d.id);
}
