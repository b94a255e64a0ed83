import type { CurrentRow } from "../store/store.js";
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
  releases: Set<string>;
  repos: Set<string>;
  fileTime: number | null;
  firstSeen: string;
}

/**
 * Folds package rows into source builds: binary packages count for the
 * source RPM they were built from, source packages for themselves. Pure.
 *
 * @example
 * collectSourceBuilds(await store.currentRows("almalinux", ["9.4"]))
 */
export function collectSourceBuilds(rows: readonly CurrentRow[]): SourceBuild[] {
  const acc = new Map<string, Acc>();
  for (const r of rows) {
    const src =
      r.arch === "src" || r.arch === "nosrc"
        ? { name: r.name, version: r.version, release: r.release }
        : parseSourceRpm(r.sourcerpm ?? "");
    if (src === null) continue;
    const key = nvr(src);
    let a = acc.get(key);
    if (a === undefined) {
      a = { ...src, epoch: r.epoch, releases: new Set(), repos: new Set(), fileTime: null, firstSeen: r.firstSeen };
      acc.set(key, a);
    }
    a.releases.add(r.distroRelease);
    a.repos.add(r.repo);
    if (r.fileTime !== null && (a.fileTime === null || r.fileTime < a.fileTime)) a.fileTime = r.fileTime;
    if (r.firstSeen < a.firstSeen) a.firstSeen = r.firstSeen;
    if (r.arch === "src") a.epoch = r.epoch;
  }
  return [...acc.values()]
    .map((a) => ({
      name: a.name,
      epoch: a.epoch,
      version: a.version,
      release: a.release,
      releases: [...a.releases].sort(compareReleases),
      repos: [...a.repos].sort(),
      fileTime: a.fileTime,
      firstSeen: a.firstSeen,
    }))
    .sort(compareBuilds);
}

/** Sorts builds by name, then EVR as rpm orders it. */
export function compareBuilds(a: SourceBuild, b: SourceBuild): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : compareEvr(a, b);
}

/** Orders catalog releases numerically: 8 < 8.10 < 9 < 9.0 < 9.4. */
export function compareReleases(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
