import type { OwnPublicationField } from "./own-publication.js";
import type { AdvisoryPackage } from "./advisory-record.js";

/** An advisory as stored, with every timestamp it has. */
export interface StoredAdvisory {
  readonly distro: string;
  readonly id: string;
  readonly type: string;
  readonly severity: string | null;
  readonly summary: string;
  readonly issued: string | null;
  readonly updated: string | null;
  /** When the source's git history first carried the advisory's file: an upper bound of its publication. */
  readonly firstSeenGit: string | null;
  /** The commit that did, and how many advisory files it added (null when not read from git, or stored before 0006). */
  readonly feedCommit: string | null;
  readonly feedCommitFiles: number | null;
  /** The rebuild's own publication time, and the field of its source that states it. */
  readonly ownPublished: string | null;
  readonly ownPublishedFrom: OwnPublicationField | null;
  readonly firstSeenObserver: string;
  readonly sourceKind: string;
  readonly cves: readonly string[];
  readonly upstreamIds: readonly string[];
  readonly majors: readonly string[];
  /** Every fixed package with its arch and product stream where the source names them (CSAF), else null. */
  readonly packages: readonly AdvisoryPackage[];
}
