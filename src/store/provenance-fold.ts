import { type ProvenanceSummary, sortedSummary } from "./provenance-summary.js";

/** Build host, packager and vendor of one row, as stored (null where primary.xml had none). */
export interface BuildOrigin {
  readonly buildhost: string | null;
  readonly packager: string | null;
  readonly vendor: string | null;
}

type Interval = ProvenanceSummary["intervals"][number];

interface Group extends BuildOrigin {
  readonly firstSnapshotId: number;
  readonly lastSnapshotId: number;
  packages: number;
  firstFileTime: number | null;
}

// \u0001 stands for null: no stored text holds it (the XML scanner refuses control characters).
const part = (v: string | null): string => (v === null ? "\u0001" : v);

/**
 * One key per build host, packager and vendor, nulls apart from any text.
 *
 * @example
 * originKey({ buildhost: "b1", packager: null, vendor: "AlmaLinux" })
 */
export function originKey(o: BuildOrigin): string {
  return `${part(o.buildhost)}\u0000${part(o.packager)}\u0000${part(o.vendor)}`;
}

function intervalKey(first: number, last: number, origin: BuildOrigin): string {
  return `${first}\u0000${last}\u0000${originKey(origin)}`;
}

/**
 * A repository's provenance summary (intervals and builds, as `groupProvenance` groups them in
 * SQL) folded as a sync writes the rows, so the sync does not group the repository's whole history
 * back out of the table (two group-bys, 0.14 s of a 2.6 s sync of 60,000 packages). The history
 * before the previous snapshot comes from the previous snapshot's summary; the previous
 * snapshot's rows, kept or ended, from the writer's diff; the new rows as they are inserted.
 *
 * @example
 * const fold = new ProvenanceFold(7, previousSummary?.intervals ?? [], previousId);
 * fold.current(7, origin, 1700000000, "bash-5.1-1.el9.src.rpm");
 * const summary = fold.summary();
 */
export class ProvenanceFold {
  readonly #groups = new Map<string, Group>();
  readonly #builds = new Map<string, { readonly origin: BuildOrigin; readonly names: Set<string> }>();

  /**
   * @param snapshotId the snapshot being written
   * @param history the previous snapshot's intervals (its summary); those that ended before it are carried over
   * @param previousId the previous snapshot, whose own rows the writer reports one by one
   */
  constructor(
    private readonly snapshotId: number,
    history: readonly Interval[],
    previousId: number | null,
  ) {
    for (const i of history)
      if (i.lastSnapshotId !== previousId)
        this.#groups.set(intervalKey(i.firstSnapshotId, i.lastSnapshotId, i), { ...i });
  }

  /** A row of the new snapshot (kept or new): `build` is its source RPM, else its name. */
  current(firstSnapshotId: number, origin: BuildOrigin, fileTime: number | null, build: string): void {
    this.#interval(firstSnapshotId, this.snapshotId, origin, fileTime);
    const k = originKey(origin);
    let b = this.#builds.get(k);
    if (b === undefined) {
      // Copied: the caller may pass a whole package record.
      const own = { buildhost: origin.buildhost, packager: origin.packager, vendor: origin.vendor };
      this.#builds.set(k, (b = { origin: own, names: new Set() }));
    }
    b.names.add(build);
  }

  /** A row of the previous snapshot that this one no longer has: its interval ends there. */
  ended(firstSnapshotId: number, previousId: number, origin: BuildOrigin, fileTime: number | null): void {
    this.#interval(firstSnapshotId, previousId, origin, fileTime);
  }

  /** The summary, in the order `groupProvenance` gives. */
  summary(): ProvenanceSummary {
    const origin = (o: BuildOrigin): BuildOrigin => ({
      buildhost: o.buildhost,
      packager: o.packager,
      vendor: o.vendor,
    });
    return sortedSummary({
      snapshotId: this.snapshotId,
      intervals: [...this.#groups.values()].map((g): Interval => ({
        firstSnapshotId: g.firstSnapshotId,
        lastSnapshotId: g.lastSnapshotId,
        ...origin(g),
        packages: g.packages,
        firstFileTime: g.firstFileTime,
      })),
      builds: [...this.#builds.values()].map((b) => ({ ...origin(b.origin), builds: b.names.size })),
    });
  }

  #interval(first: number, last: number, origin: BuildOrigin, fileTime: number | null): void {
    const k = intervalKey(first, last, origin);
    const g = this.#groups.get(k);
    if (g === undefined) {
      this.#groups.set(k, {
        firstSnapshotId: first,
        lastSnapshotId: last,
        buildhost: origin.buildhost,
        packager: origin.packager,
        vendor: origin.vendor,
        packages: 1,
        firstFileTime: fileTime,
      });
      return;
    }
    g.packages++;
    // SQL's min, nulls left out.
    if (fileTime !== null && (g.firstFileTime === null || fileTime < g.firstFileTime)) g.firstFileTime = fileTime;
  }
}
