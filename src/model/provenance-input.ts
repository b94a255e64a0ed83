/** A repository whose packages' build provenance is read, with its snapshots, oldest first. */
export interface ProvenanceRepository {
  readonly key: string;
  readonly release: string;
  readonly repo: string;
  readonly arch: string;
  readonly snapshots: readonly { readonly id: number; readonly fetchedAt: string }[];
}

/**
 * Packages of one repository that share build host, packager and vendor and were present in the
 * same run of snapshots (first to last).
 */
export interface ProvenanceInterval {
  readonly key: string;
  readonly firstSnapshotId: number;
  readonly lastSnapshotId: number;
  readonly buildhost: string | null;
  readonly packager: string | null;
  readonly vendor: string | null;
  readonly packages: number;
  /** Earliest file time of these packages, Unix seconds. */
  readonly firstFileTime: number | null;
}

/** Distinct source RPMs (builds) of one repository's newest snapshot that share build host, packager and vendor. */
export interface ProvenanceBuilds {
  readonly key: string;
  readonly buildhost: string | null;
  readonly packager: string | null;
  readonly vendor: string | null;
  readonly builds: number;
}

/** What the provenance analysis reads from the store. */
export interface ProvenanceInput {
  readonly repositories: readonly ProvenanceRepository[];
  readonly intervals: readonly ProvenanceInterval[];
  readonly builds: readonly ProvenanceBuilds[];
}
