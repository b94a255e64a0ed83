import type { ProvenanceAnswer } from "./provenance-query.js";

/**
 * Build provenance as CSV rows (CSV has no envelope): one per group of builds, with the
 * distribution and the newest snapshot's time (`asOf`) on each. `elscope provenance --csv` and
 * `/api/provenance?format=csv` both use it, so they give the same rows.
 *
 * @example
 * provenanceCsvRows(answer)[0] // { distro: "rocky", release: "9.4", domain: "rockylinux.org", …, asOf: "2026-11-30T…" }
 */
export function provenanceCsvRows(answer: ProvenanceAnswer): readonly Readonly<Record<string, unknown>>[] {
  const asOf = answer.snapshots.newest;
  return answer.groups.map((g) => ({ distro: answer.distro, ...g, asOf }));
}
