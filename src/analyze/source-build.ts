import type { CurrentRow } from "../model/current-row.js";
import type { SourceRow, SourceRowBatch } from "../model/source-row.js";
import { sourceRpmName } from "../model/source-rpm-name.js";
import { compareEvr } from "./evr.js";

/** One source build (name-version-release) of a distribution, as its repositories show it. */
export interface SourceBuild {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
  /** Catalog releases ("9", "9.4") whose repositories carry it, sorted. */
  readonly releases: readonly string[];
  /** Repositories carrying it, sorted. */
  readonly repos: readonly string[];
  /** Earliest metadata file time of any of its packages (Unix seconds), or null. */
  readonly fileTime: number | null;
  /** Earliest time the observer saw any of its packages (ISO 8601). */
  readonly firstSeen: string;
}

/** `name-version-release` of a build, the key builds are matched on. */
export function nvr(b: { name: string; version: string; release: string }): string {
  return `${b.name}-${b.version}-${b.release}`;
}

/**
 * Splits a source RPM file name into name, version and release.
 *
 * @example
 * parseSourceRpm("kernel-5.14.0-427.13.1.el9_4.src.rpm") // { name: "kernel", version: "5.14.0", release: "427.13.1.el9_4" }
 */
export function parseSourceRpm(file: string): { name: string; version: string; release: string } | null {
  const base = file.endsWith(".src.rpm") ? file.slice(0, -8) : file.endsWith(".nosrc.rpm") ? file.slice(0, -10) : null;
  if (base === null) return null;
  const r = base.lastIndexOf("-");
  const v = base.lastIndexOf("-", r - 1);
  if (r <= 0 || v <= 0) return null;
  return { name: base.slice(0, v), version: base.slice(v + 1, r), release: base.slice(r + 1) };
}

interface Acc {
  name: string;
  epoch: number;
  version: string;
  release: string;
  // Arrays, not Sets: a build is in one or two repositories, and hundreds of thousands are made.
  releases: readonly string[];
  repos: readonly string[];
  fileTime: number | null;
  firstSeen: string;
}

/** The source row of a package row: binaries count for the source RPM they were built from. */
export function toSourceRow(r: CurrentRow): SourceRow {
  const src = sourceRpmName(r.name, r.version, r.release, r.arch, r.sourcerpm);
  return {
    distroRelease: r.distroRelease,
    repo: r.repo,
    sourcerpm: src,
    epoch: r.epoch,
    fileTime: r.fileTime,
    firstSeen: r.firstSeen,
  };
}

/**
 * Folds source rows (one per repository and source RPM) into source builds,
 * each with every release and repository that carries it and its earliest
 * times. Pure; sorted by name and EVR.
 *
 * @example
 * collectSourceBuilds((await store.currentRows("almalinux", ["9.4"])).map(toSourceRow))
 */
export function collectSourceBuilds(rows: Iterable<SourceRow>): SourceBuild[] {
  const c = new SourceBuildCollector();
  for (const r of rows) c.add(r);
  return c.builds();
}

/**
 * {@link collectSourceBuilds} a row at a time, for rows that arrive as the store reads them.
 *
 * @example
 * const c = new SourceBuildCollector();
 * for await (const b of store.sourceRowBatches("rocky", ["9.4"])) c.addBatch(b);
 * c.builds();
 */
export class SourceBuildCollector {
  readonly #acc = new Map<string, Acc>();
  // Most builds are in one release and one repository: one shared list per value, not one per
  // build, saves two arrays for each of the 100,000s of builds a major holds.
  readonly #ones = new Map<string, readonly string[]>();
  /** Rows seen, including those naming no source RPM. */
  rows = 0;

  // A store reads every row's first-seen time as a new string, though a sync gives thousands the same one.
  readonly #times = new Map<string, string>();
  #seen(time: string): string {
    const t = this.#times.get(time);
    if (t !== undefined) return t;
    if (this.#times.size < 1 << 16) this.#times.set(time, time);
    return time;
  }

  #one(value: string): readonly string[] {
    let list = this.#ones.get(value);
    if (list === undefined) this.#ones.set(value, (list = [value]));
    return list;
  }

  add(r: SourceRow): void {
    this.#fold(r.distroRelease, r.repo, r);
  }

  /** A repository's rows at once: its release and name given once. */
  addBatch(b: SourceRowBatch): void {
    for (const r of b.rows) this.#fold(b.distroRelease, b.repo, r);
  }

  #fold(distroRelease: string, repo: string, r: Omit<SourceRow, "distroRelease" | "repo">): void {
    this.rows++;
    if (r.sourcerpm === null) return;
    const a = this.#acc.get(r.sourcerpm);
    if (a === undefined) {
      const src = parseSourceRpm(r.sourcerpm);
      if (src === null) return;
      this.#acc.set(r.sourcerpm, {
        name: src.name,
        version: src.version,
        release: src.release,
        epoch: r.epoch,
        releases: this.#one(distroRelease),
        repos: this.#one(repo),
        fileTime: r.fileTime,
        firstSeen: this.#seen(r.firstSeen),
      });
      return;
    }
    // Copied, never pushed to: one-element lists are shared between builds.
    if (!a.releases.includes(distroRelease)) a.releases = [...a.releases, distroRelease];
    if (!a.repos.includes(repo)) a.repos = [...a.repos, repo];
    if (r.fileTime !== null && (a.fileTime === null || r.fileTime < a.fileTime)) a.fileTime = r.fileTime;
    if (r.firstSeen < a.firstSeen) a.firstSeen = this.#seen(r.firstSeen);
    if (r.epoch > a.epoch) a.epoch = r.epoch;
  }

  /** The builds so far, sorted by name and EVR. */
  builds(): SourceBuild[] {
    // The accumulators become the builds: a second copy of every build would only feed the collector.
    const out: SourceBuild[] = [];
    for (const a of this.#acc.values()) {
      if (a.releases.length > 1) a.releases = [...a.releases].sort(compareReleases);
      if (a.repos.length > 1) a.repos = [...a.repos].sort();
      out.push(a);
    }
    return out.sort(compareBuilds);
  }
}

/** Sorts builds by name, then EVR as rpm orders it. */
export function compareBuilds(a: SourceBuild, b: SourceBuild): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : compareEvr(a, b);
}

const releaseParts = new Map<string, number[]>();
function parts(r: string): number[] {
  let p = releaseParts.get(r);
  if (p === undefined) releaseParts.set(r, (p = r.split(".").map(Number)));
  return p;
}

/** Orders catalog releases numerically: 8 < 8.10 < 9 < 9.0 < 9.4. */
export function compareReleases(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
