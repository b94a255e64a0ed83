import { IMPORTERS, type ImportFamily } from "../ingest/importers.js";

/**
 * The kinds `elscope import` reads, family by family, for its help.
 *
 * @example
 * importKindsHelp() // "release dates: endoflife-release-data, ...; advisories: osv, ...; ..."
 */
export function importKindsHelp(): string {
  const byFamily = new Map<ImportFamily, string[]>();
  for (const [kind, { family }] of IMPORTERS) byFamily.set(family, [...(byFamily.get(family) ?? []), kind]);
  return [...byFamily].map(([family, kinds]) => `${family.replace("-", " ")}: ${kinds.join(", ")}`).join("; ");
}
