import type { ImageEntry } from "./image-record.js";

/** An image of a distribution's newest import of a source. */
export interface CurrentImage extends ImageEntry {
  readonly distro: string;
  readonly sourceKind: string;
  readonly source: string;
  readonly observedAt: string;
}
