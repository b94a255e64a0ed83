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
  readonly firstSeenGit: string | null;
  readonly firstSeenObserver: string;
  readonly sourceKind: string;
  readonly cves: readonly string[];
  readonly upstreamIds: readonly string[];
  readonly majors: readonly string[];
  /** Every fixed package with its arch and product stream where the source names them (CSAF), else null. */
  readonly packages: readonly AdvisoryPackage[];
}
