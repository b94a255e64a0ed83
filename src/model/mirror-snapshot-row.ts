/** A point of a network's history: a full list or a counted one. */
export interface MirrorSnapshotRow {
  readonly distro: string;
  readonly sourceKind: string;
  readonly source: string;
  readonly observedAt: string;
  readonly detail: "full" | "count";
  readonly mirrors: number;
  readonly publicMirrors: number | null;
}
