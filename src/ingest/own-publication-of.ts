import type { AdvisoryRecord } from "../model/advisory-record.js";
import type { OwnPublication } from "../model/own-publication.js";

/**
 * The rebuild's own publication time of an advisory read from one file of
 * `kind`, where that source states one: Rocky Linux Apollo's `publishedAt`
 * (the driver's `issued`; Apollo sets it when the build reaches production) and
 * AlmaLinux errata.json's `updated_date` (the driver's `updated`). errata.json's
 * `issued_date` is not its own: AlmaLinux's errata2osv writes it as OSV
 * `published` (https://github.com/AlmaLinux/errata2osv, src/models/converter.py),
 * and there it is the RHSA's day at 00:00 UTC in 4,044 of 5,734 files, hours
 * before the RHSA itself. Other kinds state none (OSV's comes from its git history).
 *
 * @example
 * ownPublicationOf("rocky-apollo", advisory) // { at: "2024-11-07T21:31:44.548Z", field: "Apollo publishedAt" }
 */
export function ownPublicationOf(
  kind: string,
  advisory: Extract<AdvisoryRecord, { kind: "advisory" }>,
): OwnPublication | null {
  if (kind === "rocky-apollo" && advisory.issued !== null) return { at: advisory.issued, field: "Apollo publishedAt" };
  if (kind === "almalinux-errata" && advisory.updated !== null)
    return { at: advisory.updated, field: "errata.json updated_date" };
  return null;
}
