/** A release date as one source gave it. */
export interface StoredReleaseDate {
  readonly distro: string;
  readonly release: string;
  readonly stage: string;
  readonly date: string;
  readonly sourceKind: string;
  readonly source: string;
  readonly importedAt: string;
}
