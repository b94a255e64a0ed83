/**
 * Whether an advisory source's `issued` date is a copy of the upstream advisory's date rather than the
 * rebuild's own: AlmaLinux's OSV `published` and errata.json's `issued_date` (AlmaLinux's errata2osv
 * maps one to the other) carry the RHSA's day. Such a date is the upstream's clock, labelled as a copy.
 *
 * @example
 * copiesUpstreamDate("osv") // true
 */
export function copiesUpstreamDate(sourceKind: string): boolean {
  return COPYING_KINDS.includes(sourceKind);
}

/** The advisory source kinds whose `issued` date copies the upstream's (see copiesUpstreamDate). */
export const COPYING_KINDS: readonly string[] = ["osv", "almalinux-errata"];
