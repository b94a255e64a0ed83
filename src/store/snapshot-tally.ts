import type { PackageCounts } from "../model/package-counts.js";
import { sourceRpmName } from "../model/source-rpm-name.js";
import { packageCountsOf } from "./snapshot-counts.js";

/** One source build as `source_builds` stores it (migration 0010). */
export interface SourceBuildRow {
  readonly sourcerpm: string;
  readonly epoch: number;
  readonly fileTime: number | null;
  readonly firstSeen: string;
}

/** A Float64Array that doubles when full: one number per source build, no object each. */
function grown(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * A snapshot's counts and source builds, folded from its rows as the writer stores them, so a
 * sync does not read its 60,000 rows back to group them (that was 0.4 s of a 2.4 s sync). The
 * same figures as `countSnapshot` and `writeSourceBuilds` compute in SQL: per architecture, the
 * distinct source RPMs (`sourceRpmOf`), and per source RPM the highest epoch, the earliest file
 * time and the first sighting. Held as one index per source RPM and typed arrays, since a large
 * repository has tens of thousands.
 *
 * @example
 * const tally = new SnapshotTally();
 * tally.add("bash", 0, "5.1.8", "9.el9", "x86_64", "bash-5.1.8-9.el9.src.rpm", 1700000000, "2026-01-01T00:00:00.000Z");
 * tally.counts() // { binary: 1, source: 1, byArch: { x86_64: 1 } }
 */
export class SnapshotTally {
  readonly #arches = new Map<string, number>();
  readonly #index = new Map<string, number>();
  #epoch = new Float64Array(1024);
  /** NaN: no file time (SQL's min leaves nulls out). */
  #fileTime = new Float64Array(1024);
  /** An index into #seen: a snapshot's rows have few distinct first sightings. */
  #firstSeen = new Float64Array(1024);
  readonly #seen: string[] = [];
  readonly #seenIndex = new Map<string, number>();
  /** Source RPM names by index. */
  readonly #names: string[] = [];
  /** Source builds [0, #handed) went out through newSourceBuilds (stored while rows still came). */
  #handed = 0;
  /** Of those, the ones whose figures changed after they went out. */
  readonly #changed = new Set<number>();

  /** One current row of the snapshot (a kept row once, however often it is listed). */
  add(
    name: string,
    epoch: number,
    version: string,
    release: string,
    arch: string,
    sourcerpm: string | null,
    fileTime: number | null,
    firstSeen: string,
  ): void {
    this.#arches.set(arch, (this.#arches.get(arch) ?? 0) + 1);
    const src = sourceRpmName(name, version, release, arch, sourcerpm);
    if (src === null) return;
    let seen = this.#seenIndex.get(firstSeen);
    if (seen === undefined) {
      seen = this.#seen.push(firstSeen) - 1;
      this.#seenIndex.set(firstSeen, seen);
    }
    const time = fileTime ?? Number.NaN;
    const i = this.#index.get(src);
    if (i === undefined) {
      const n = this.#index.size;
      this.#index.set(src, n);
      this.#names.push(src);
      this.#epoch = grown(this.#epoch, n + 1);
      this.#fileTime = grown(this.#fileTime, n + 1);
      this.#firstSeen = grown(this.#firstSeen, n + 1);
      this.#epoch[n] = epoch;
      this.#fileTime[n] = time;
      this.#firstSeen[n] = seen;
      return;
    }
    // SQL's max and min, nulls left out.
    let changed = false;
    if (epoch > (this.#epoch[i] ?? 0)) {
      this.#epoch[i] = epoch;
      changed = true;
    }
    const had = this.#fileTime[i] ?? Number.NaN;
    if (!Number.isNaN(time) && (Number.isNaN(had) || time < had)) {
      this.#fileTime[i] = time;
      changed = true;
    }
    if (firstSeen < (this.#seen[this.#firstSeen[i] ?? 0] ?? "")) {
      this.#firstSeen[i] = seen;
      changed = true;
    }
    if (changed && i < this.#handed) this.#changed.add(i);
  }

  /**
   * The source builds first met since the last call, so the writer can store them while rows
   * still come (the parser bounds a sync, and the writer waits for it); one that a later row
   * changes comes back from changedSourceBuilds.
   */
  newSourceBuilds(): SourceBuildRow[] {
    const rows: SourceBuildRow[] = [];
    for (let i = this.#handed; i < this.#names.length; i++) rows.push(this.#row(i));
    this.#handed = this.#names.length;
    return rows;
  }

  /** The source builds newSourceBuilds handed out whose figures later rows changed, in source RPM order. */
  changedSourceBuilds(): SourceBuildRow[] {
    return [...this.#changed].map((i) => this.#row(i)).sort((a, b) => compare(a.sourcerpm, b.sourcerpm));
  }

  counts(): PackageCounts {
    return packageCountsOf(this.#arches, this.#index.size);
  }

  /** The source builds in source RPM order, `size` at a time, so no array of them all is made. */
  *sourceBuilds(size = 1024): Generator<SourceBuildRow[]> {
    const order = this.#names.map((_, i) => i).sort((a, b) => compare(this.#names[a] ?? "", this.#names[b] ?? ""));
    for (let k = 0; k < order.length; k += size) yield order.slice(k, k + size).map((i) => this.#row(i));
  }

  #row(i: number): SourceBuildRow {
    const t = this.#fileTime[i] ?? Number.NaN;
    return {
      sourcerpm: this.#names[i] ?? "",
      epoch: this.#epoch[i] ?? 0,
      fileTime: Number.isNaN(t) ? null : t,
      firstSeen: this.#seen[this.#firstSeen[i] ?? 0] ?? "",
    };
  }
}

/** Code-unit order, as the pack and SQL's `order by` on these names (ASCII) have it. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
