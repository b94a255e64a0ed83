import { copiesUpstreamDate } from "../model/copies-upstream-date.js";
import type { ReleaseMarker } from "../catalog/catalog-schema.js";
import type { ClockAdvisory } from "../model/clock-advisories.js";
import { type SourceBuild, compareBuilds, compareReleases, nvr } from "./source-build.js";
import { type TimeSource, timeOf } from "./time-of.js";

/**
 * Which clock an upstream build's time comes from, best first: a synced repository's file time
 * ("file", or "seen" without one), the release time of the upstream's own advisory whose `.src`
 * entry is the build ("upstream advisory"), or a rebuild advisory's copy of the upstream date
 * ("copied advisory").
 */
export type UpstreamTimeSource = TimeSource | "upstream advisory" | "copied advisory";

/** An upstream source build with the time of the best clock there is for it. */
export interface ClockedBuild {
  readonly build: SourceBuild;
  readonly ms: number;
  readonly source: UpstreamTimeSource;
}

/** A rebuild's advisories that copy the upstream's date, and what is needed to read them back. */
export interface CopiedDates {
  readonly advisories: readonly ClockAdvisory[];
  /** The rebuild's synced source builds: only their names are source packages, and they place a build. */
  readonly builds: readonly SourceBuild[];
  /** The rebuild's release markers, removed to get the upstream release back (.alma.1). */
  readonly markers: readonly ReleaseMarker[];
}

/** What the upstream clock is made of. */
export interface UpstreamClockInput {
  /** Builds of the upstream's synced repositories. */
  readonly repositoryBuilds: readonly SourceBuild[];
  readonly wanted: TimeSource;
  /** The upstream's own advisories (Red Hat CSAF names each fixed source build with its stream). */
  readonly upstreamAdvisories: readonly ClockAdvisory[];
  readonly copied: readonly CopiedDates[];
  /** Only builds of this major ("9"), when given. */
  readonly major?: string | undefined;
}

const RANK: Readonly<Record<UpstreamTimeSource, number>> = {
  file: 0,
  seen: 0,
  "upstream advisory": 1,
  "copied advisory": 2,
};

function splitEvr(evr: string): { epoch: number; version: string; release: string } | null {
  const colon = evr.indexOf(":");
  const epoch = colon < 0 ? 0 : Number(evr.slice(0, colon));
  const vr = evr.slice(colon + 1);
  const dash = vr.lastIndexOf("-");
  if (dash <= 0 || !Number.isInteger(epoch)) return null;
  return { epoch, version: vr.slice(0, dash), release: vr.slice(dash + 1) };
}

/** The minor an `el9_4` tag names, if any: z-stream builds carry it, GA builds (`el9`) do not. */
function minorOfTag(release: string): string | null {
  const m = /\.el(\d+)_(\d+)/.exec(release);
  return m === null ? null : `${m[1]}.${m[2]}`;
}

function advisoryBuild(
  name: string,
  evr: { epoch: number; version: string; release: string },
  releases: readonly string[],
  repos: readonly string[],
  at: string,
): SourceBuild {
  return {
    name,
    ...evr,
    releases: [...new Set(releases)].sort(compareReleases),
    repos: [...new Set(repos)].sort(),
    fileTime: null,
    firstSeen: at,
  };
}

/** Builds the upstream's advisories name by their `.src` entries, at each advisory's release time. */
function fromUpstreamAdvisories(advisories: readonly ClockAdvisory[], major: string | undefined): ClockedBuild[] {
  const out: ClockedBuild[] = [];
  for (const a of advisories) {
    const bySrc = new Map<string, { releases: string[]; repos: string[]; name: string; evr: string }>();
    for (const p of a.packages) {
      if (p.arch !== "src" || p.release === null) continue;
      if (major !== undefined && p.release.split(".")[0] !== major) continue;
      const k = `${p.name}-${p.evr}`;
      const e = bySrc.get(k) ?? bySrc.set(k, { releases: [], repos: [], name: p.name, evr: p.evr }).get(k);
      e?.releases.push(p.release);
      if (p.repository !== null) e?.repos.push(p.repository);
    }
    for (const e of bySrc.values()) {
      const evr = splitEvr(e.evr);
      if (evr === null) continue;
      // An advisory without a valid release time still names the build; it just gives it no clock.
      const build = advisoryBuild(e.name, evr, e.releases, e.repos, a.issued ?? "");
      out.push({ build, ms: a.issued === null ? Number.NaN : Date.parse(a.issued), source: "upstream advisory" });
    }
  }
  return out;
}

/** Builds a rebuild's advisories copy the upstream date of, for names that are source packages of the rebuild. */
function fromCopies(c: CopiedDates, major: string | undefined): ClockedBuild[] {
  const markers = c.markers.map((m) => new RegExp(m.pattern, "g"));
  const unmark = (release: string): string => markers.reduce((s, m) => s.replace(m, ""), release);
  const byName = new Map<string, SourceBuild[]>();
  for (const b of c.builds) (byName.get(b.name) ?? byName.set(b.name, []).get(b.name))?.push(b);
  const out: ClockedBuild[] = [];
  for (const a of c.advisories) {
    if (a.issued === null || !copiesUpstreamDate(a.sourceKind)) continue;
    for (const p of a.packages) {
      // A binary subpackage's name (kernel-core) is no source package: it never becomes an upstream build.
      const own = byName.get(p.name);
      if (own === undefined || (major !== undefined && p.major !== null && p.major !== major)) continue;
      const evr = splitEvr(p.evr);
      if (evr === null) continue;
      const up = { ...evr, release: unmark(evr.release) };
      const placed = own.filter((b) => b.version === up.version && unmark(b.release) === up.release);
      const tag = minorOfTag(up.release);
      const releases = [...(tag === null ? [] : [tag]), ...placed.flatMap((b) => b.releases)];
      const build = advisoryBuild(
        p.name,
        up,
        releases.length > 0 ? releases : p.major === null ? [] : [p.major],
        placed.flatMap((b) => b.repos),
        a.issued,
      );
      out.push({ build, ms: Date.parse(a.issued), source: "copied advisory" });
    }
  }
  return out;
}

/** The upstream builds with a clock, and those known without one (an advisory with no valid date). */
export interface UpstreamClock {
  readonly clocked: readonly ClockedBuild[];
  readonly unclocked: readonly SourceBuild[];
}

/**
 * Every upstream source build with the best clock there is for it: a synced repository's time
 * first, then the upstream advisory shipping it, then a rebuild advisory's copy of the upstream
 * date; the earliest of one kind. Pure; sorted by name and EVR. Without a synced repository, only
 * builds shipped in advisories are known at all.
 *
 * @example
 * upstreamClock({ repositoryBuilds: [], wanted: "file", upstreamAdvisories: csaf, copied: [] }).clocked
 * // [{ build: kernel-5.14.0-427.16.1.el9_4, ms: Date.parse("2024-05-08T00:31:41Z"), source: "upstream advisory" }]
 */
export function upstreamClock(input: UpstreamClockInput): UpstreamClock {
  const all: ClockedBuild[] = [
    ...input.repositoryBuilds.map((build) => ({ build, ...timeOf(build, input.wanted) })),
    ...fromUpstreamAdvisories(input.upstreamAdvisories, input.major),
    ...input.copied.flatMap((c) => fromCopies(c, input.major)),
  ];
  const best = new Map<string, ClockedBuild>();
  const without = new Map<string, SourceBuild>();
  for (const c of all) {
    const k = nvr(c.build);
    if (Number.isNaN(c.ms)) {
      without.set(k, c.build);
      continue;
    }
    const b = best.get(k);
    if (b === undefined || RANK[c.source] < RANK[b.source] || (RANK[c.source] === RANK[b.source] && c.ms < b.ms))
      best.set(k, c);
  }
  return {
    clocked: [...best.values()].sort((a, b) => compareBuilds(a.build, b.build)),
    unclocked: [...without].filter(([k]) => !best.has(k)).map(([, b]) => b),
  };
}
