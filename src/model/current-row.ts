import type { Nevra } from "./nevra.js";

/** A package of a repository's newest snapshot, with where it is. */
export interface CurrentRow extends Nevra {
  readonly distro: string;
  /** The catalog release the repository belongs to ("9", "9.4"). */
  readonly distroRelease: string;
  readonly repo: string;
  readonly repoArch: string;
  readonly sourcerpm: string | null;
  /** Unix seconds, from the metadata. */
  readonly fileTime: number | null;
  /** ISO 8601, the observer's clock. */
  readonly firstSeen: string;
}
