/** A repository in the store with its newest snapshot. */
export interface StoredRepository {
  readonly key: string;
  readonly distro: string;
  readonly release: string;
  readonly repo: string;
  readonly arch: string;
  readonly snapshots: number;
  readonly packages: number;
  readonly fetchedAt: string | null;
  readonly checkedAt: string | null;
  readonly sourceUrl: string | null;
}
