import type { AdvisoryRecord } from "./advisory-record.js";
import type { OwnPublication } from "./own-publication.js";

/**
 * One advisory as an import hands it to the store, with the clocks the import
 * could read beside the source's own fields.
 *
 * @example
 * const item: AdvisoryToStore = { advisory, firstSeenGit: null, ownPublished: { at: "2024-11-07T21:31:44.548Z", field: "Apollo publishedAt" } };
 */
export interface AdvisoryToStore {
  readonly advisory: Extract<AdvisoryRecord, { kind: "advisory" }>;
  /** Committer time of the commit that first added the advisory's file (an upper bound of its publication). */
  readonly firstSeenGit: string | null;
  /** That commit, and how many advisory files it added at once (a backfill adds hundreds). */
  readonly feedCommit?: { readonly commit: string; readonly filesAdded: number } | null;
  /** The rebuild's own publication time, where the source states one. */
  readonly ownPublished?: OwnPublication | null;
}
