import type { CurrentRow } from "../model/current-row.js";
import type { SourceRow, SourceRowBatch } from "../model/source-row.js";
import { sourceRpmName } from "../model/source-rpm-name.js";
import type { SourceBuild } from "../model/source-build.js";
import { SHARED_POOL, type StringPool } from "../model/string-pool.js";
import { compareEvr } from "./evr.js";

export type { SourceBuild } from "../model/source-build.js";
export { StringPool } from "../model/string-pool.js";

/** `name-version-release` of a build, the key builds are matched on. */
export function nvr(b: { name: string; version: string; release: string }): string {
  return `${b.name}-${b.version}-${b.release}`;
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
  // By name, then version and release read in place: a row's source RPM name is looked up
  // without a key string per build, and a build's strings are the pool's, shared by every
  // distribution and release that has the same name, version or release.
  readonly #byName = new Map<string, Acc[]>();
  readonly #pool: StringPool;
  /** Rows seen, including those naming no source RPM. */
  rows = 0;

  constructor(pool: StringPool = SHARED_POOL) {
    this.#pool = pool;
  }

  // The lists a list grows into, and their sorted forms: builds in the same releases share one
  // list however many repositories they were read from (a list made per build was a tenth of a lag).
  // A new build's lists grow from NONE, so the one-release, one-repository lists most builds have
  // are one list per value, not two arrays for each of the 100,000s of builds a major holds.
  readonly #grown = new Map<readonly string[], Map<string, readonly string[]>>();
  readonly #sorted = new Map<readonly string[], readonly string[]>();

  // A store gives a run of rows one first-seen string (a sync sees thousands at once): pooled once per run.
  #lastSeen = "";
  #lastPooled = "";
  #seen(time: string): string {
    if (time !== this.#lastSeen) {
      this.#lastSeen = time;
      this.#lastPooled = this.#pool.get(time);
    }
    return this.#lastPooled;
  }

  #with(list: readonly string[], value: string): readonly string[] {
    let next = this.#grown.get(list);
    if (next === undefined) this.#grown.set(list, (next = new Map<string, readonly string[]>()));
    let grown = next.get(value);
    if (grown === undefined) next.set(value, (grown = [...list, value]));
    return grown;
  }

  #sortedOf(list: readonly string[], compare?: (a: string, b: string) => number): readonly string[] {
    if (list.length < 2) return list;
    let sorted = this.#sorted.get(list);
    if (sorted === undefined) this.#sorted.set(list, (sorted = [...list].sort(compare)));
    return sorted;
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
    const file = r.sourcerpm;
    if (file === null) return;
    // name-version-release.src.rpm split as offsets, without a string per part: name [0, v),
    // version (v, d), release (d, end); a name may hold dashes, a version and a release may not.
    const end = file.endsWith(".src.rpm") ? file.length - 8 : file.endsWith(".nosrc.rpm") ? file.length - 10 : -1;
    if (end < 0) return;
    const d = file.lastIndexOf("-", end - 1);
    const v = file.lastIndexOf("-", d - 1);
    if (d <= 0 || v <= 0) return;
    const name = file.slice(0, v);
    const list = this.#byName.get(name);
    let a: Acc | undefined;
    if (list !== undefined)
      for (const x of list)
        if (
          x.version.length === d - v - 1 &&
          x.release.length === end - d - 1 &&
          file.startsWith(x.version, v + 1) &&
          file.startsWith(x.release, d + 1)
        ) {
          a = x;
          break;
        }
    if (a === undefined) {
      const pool = this.#pool;
      const acc: Acc = {
        name: list === undefined ? pool.get(name) : (list[0] as Acc).name,
        version: pool.get(file.slice(v + 1, d)),
        release: pool.get(file.slice(d + 1, end)),
        epoch: r.epoch,
        releases: this.#with(NONE, distroRelease),
        repos: this.#with(NONE, repo),
        fileTime: r.fileTime,
        firstSeen: this.#seen(r.firstSeen),
      };
      if (list === undefined) this.#byName.set(acc.name, [acc]);
      else list.push(acc);
      return;
    }
    // Replaced, never pushed to: lists are shared between builds.
    if (!a.releases.includes(distroRelease)) a.releases = this.#with(a.releases, distroRelease);
    if (!a.repos.includes(repo)) a.repos = this.#with(a.repos, repo);
    if (r.fileTime !== null && (a.fileTime === null || r.fileTime < a.fileTime)) a.fileTime = r.fileTime;
    if (r.firstSeen < a.firstSeen) a.firstSeen = this.#seen(r.firstSeen);
    if (r.epoch > a.epoch) a.epoch = r.epoch;
  }

  /** The builds so far, sorted by name and EVR. */
  builds(): SourceBuild[] {
    // The accumulators become the builds: a second copy of every build would only feed the collector.
    // Sorted by name once, then each name's few builds by EVR: compareBuilds' order, with far fewer calls.
    const out: SourceBuild[] = [];
    for (const name of [...this.#byName.keys()].sort()) {
      const list = this.#byName.get(name) ?? [];
      if (list.length > 1) list.sort(compareEvr);
      for (const a of list) {
        a.releases = this.#sortedOf(a.releases, compareReleases);
        a.repos = this.#sortedOf(a.repos);
        out.push(a);
      }
    }
    return out;
  }
}

const NONE: readonly string[] = [];

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
