/**
 * Which field of a source states the rebuild's own publication of an advisory:
 * Rocky Linux Apollo's `publishedAt` (set when the build reaches production),
 * AlmaLinux errata.json's `updated_date` (its own clock; its `issued_date` copies
 * the RHSA's day), and the AlmaLinux OSV file's `modified` as its first version
 * in git wrote it (errata2osv maps errata `updated` to it; later edits overwrite it).
 */
export type OwnPublicationField = "Apollo publishedAt" | "errata.json updated_date" | "OSV modified, first version";

/**
 * The rebuild's own publication time of one advisory, and the field that states it.
 *
 * @example
 * const own: OwnPublication = { at: "2025-07-01T19:42:01.000Z", field: "OSV modified, first version" };
 */
export interface OwnPublication {
  readonly at: string;
  readonly field: OwnPublicationField;
}
