/** One source build of one repository: what the analyses match and time. */
export interface SourceRow {
  readonly distroRelease: string;
  readonly repo: string;
  /** The source RPM file name, e.g. bash-5.1.8-9.el9.src.rpm; null for binaries that name none. */
  readonly sourcerpm: string | null;
  readonly epoch: number;
  readonly fileTime: number | null;
  readonly firstSeen: string;
}

/**
 * The source builds of one repository snapshot, as the store reads them: the repository's
 * coordinates once, not on each of its (tens of thousands of) rows.
 */
export interface SourceRowBatch {
  readonly distroRelease: string;
  readonly repo: string;
  readonly rows: readonly Omit<SourceRow, "distroRelease" | "repo">[];
}
