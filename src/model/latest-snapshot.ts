/** The newest snapshot of a repository, used for conditional fetching. */
export interface LatestSnapshot {
  readonly id: number;
  readonly repositoryId: number;
  readonly repomdChecksum: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly sourceUrl: string;
  readonly packageCount: number;
  readonly fetchedAt: string;
  /** When its repomd.xml was last seen unchanged (its fetch, if never since). */
  readonly checkedAt: string;
}
