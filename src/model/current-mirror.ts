import type { MirrorEntry } from "./mirror-record.js";

/** A mirror of a distribution's newest list, with where and when that list came from. */
export interface CurrentMirror extends MirrorEntry {
  readonly distro: string;
  readonly sourceKind: string;
  readonly source: string;
  readonly observedAt: string;
  readonly checkedAt: string;
}
