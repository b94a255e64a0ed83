import type { RepoKey } from "./repo-key.js";

/** A metadata file of a snapshot; `content` is kept for replay when given. */
export interface SnapshotFile {
  readonly type: string;
  readonly location: string;
  readonly checksumType: string;
  readonly checksum: string;
  readonly size: number | null;
  readonly content: Uint8Array | null;
}

/** What one changed repomd.xml brings into the store. */
export interface SnapshotInput {
  readonly key: RepoKey;
  readonly sourceUrl: string;
  readonly revision: string | null;
  readonly repomdChecksum: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly now: Date;
  readonly files: readonly SnapshotFile[];
  /**
   * The newest snapshot id the caller compared repomd.xml against (null: none yet). When another
   * writer has stored the same repomd.xml since, the write only records a sighting.
   */
  readonly basedOn?: number | null;
}

/** What a sync changed, per repository. */
export interface SnapshotCounts {
  readonly snapshotId: number;
  readonly packages: number;
  readonly added: number;
  readonly removed: number;
  /** NEVRAs kept with a new checksum or location: a new build of the same NEVRA (not in added or removed). */
  readonly changed: number;
  /** True when another writer had already stored this repomd.xml: only the sighting was recorded. */
  readonly unchanged?: boolean;
}
