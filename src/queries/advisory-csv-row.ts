import type { AdvisoryLagRow } from "../analyze/advisory-lag.js";

/**
 * One errata-lag row as CSV has it, for `elscope advisories --csv` and `/api/advisories?format=csv`
 * alike: its majors and CVEs as space-separated lists, which a spreadsheet reads as text (JSON
 * arrays in a cell would need parsing).
 *
 * @example
 * advisoryCsvRow(row).cves // "CVE-2024-1 CVE-2024-2"
 */
export function advisoryCsvRow(r: AdvisoryLagRow): Readonly<Record<string, string | number | boolean | null>> {
  return { ...r, majors: r.majors.join(" "), cves: r.cves.join(" ") };
}
