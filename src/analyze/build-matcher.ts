import type { ReleaseMarker, ReleaseRewrite } from "../catalog/catalog-schema.js";
import type { SourceBuild } from "./source-build.js";

/** How a rebuild ships an upstream build. */
export type MatchStatus = "identical" | "modified" | "missing";

/**
 * What the catalogs say of an upstream package the rebuild does not ship by its name: shipped
 * as the rebuild's own packages (`by`), or left out on purpose.
 */
export type Substitute =
  { readonly kind: "replaced"; readonly by: readonly string[] } | { readonly kind: "not-applicable" };

/** An upstream build the rebuild ships under another name, or does not ship on purpose. */
export type SubstituteMatch =
  { readonly status: "replaced"; readonly build: SourceBuild } | { readonly status: "not-applicable" };

/** The rebuild's build for one upstream build, and how it relates. */
export type BuildMatch =
  | { readonly status: "identical" | "modified"; readonly build: SourceBuild; readonly epochDiffers: boolean }
  | { readonly status: "missing" };

/** The catalog rules that decide whether two releases are the same build. */
export interface MatchRules {
  /** The rebuild's markers of its own changes (.alma, .rocky, Oracle's .0.1). */
  readonly markers: readonly ReleaseMarker[];
  /** The reference's own markers, when the reference is itself a rebuild (AlmaLinux's .alma against Rocky). */
  readonly upstreamMarkers?: readonly ReleaseMarker[];
  /** By the reference's package name: what the rebuild ships instead, or that it drops it on purpose. */
  readonly substitutes?: ReadonlyMap<string, Substitute>;
  /** Rewrites for build ids that differ between builders (module builds), from both distributions. */
  readonly rewrites: readonly ReleaseRewrite[];
}

const RANK = { rewritten: 1, modified: 2 } as const;

/**
 * Matches upstream builds to a rebuild's builds by the rules in the catalog:
 * same source name and version, and a release that is equal as is, equal
 * after rewriting builder-specific ids, or equal once the rebuild's markers
 * are removed (then the build is "modified"). The earliest of equally good
 * candidates wins, so a later re-release does not hide when a fix first
 * shipped.
 *
 * @example
 * const m = new BuildMatcher(rebuildBuilds, rules);
 * m.match(upstreamBuild) // { status: "modified", build, epochDiffers: false }
 */
export class BuildMatcher {
  private readonly byName = new Map<string, SourceBuild[]>();
  private readonly markers: readonly RegExp[];
  private readonly upstreamMarkers: readonly RegExp[];
  private readonly substitutes: ReadonlyMap<string, Substitute>;
  private readonly rewrites: readonly { re: RegExp; replace: string }[];
  // By identity: the builds given are the rebuild's, one object per build (no name string per match).
  private readonly matched = new Set<SourceBuild>();

  constructor(
    rebuildBuilds: readonly SourceBuild[],
    rules: MatchRules,
    private readonly timeOf: (b: SourceBuild) => number | null = (b) => b.fileTime,
  ) {
    for (const b of rebuildBuilds) {
      const list = this.byName.get(b.name);
      if (list === undefined) this.byName.set(b.name, [b]);
      else list.push(b);
    }
    this.markers = rules.markers.map((m) => new RegExp(m.pattern, "g"));
    this.upstreamMarkers = (rules.upstreamMarkers ?? []).map((m) => new RegExp(m.pattern, "g"));
    this.substitutes = rules.substitutes ?? new Map();
    this.rewrites = rules.rewrites.map((r) => ({ re: new RegExp(r.pattern, "g"), replace: r.replace }));
  }

  /** The release with builder-specific ids rewritten. */
  rewrite(release: string): string {
    return this.rewrites.reduce((s, r) => s.replace(r.re, r.replace), release);
  }

  /**
   * The release with both sides' markers removed, then rewritten: an advisory's fixed build, of
   * either side, as the common source both rebuilt.
   */
  unmark(release: string): string {
    return this.unmarkUpstream(this.unmarkRebuild(release));
  }

  private unmarkRebuild(release: string): string {
    return this.rewrite(this.markers.reduce((s, m) => s.replace(m, ""), release));
  }

  // Each side's markers only on its own releases: Oracle's ".0.1" could be part of another's release.
  private unmarkUpstream(release: string): string {
    return this.rewrite(this.upstreamMarkers.reduce((s, m) => s.replace(m, ""), release));
  }

  match(upstream: SourceBuild): BuildMatch {
    const candidates = this.byName.get(upstream.name);
    if (candidates === undefined) return { status: "missing" };
    // Most rebuilt builds keep the upstream release as is: an exact candidate outranks every
    // other, so the rules' regular expressions run only when none is (they were a tenth of a lag).
    let exact: SourceBuild | null = null;
    for (const c of candidates)
      if (
        c.version === upstream.version &&
        c.release === upstream.release &&
        (exact === null || this.earlier(c, exact))
      )
        exact = c;
    if (exact !== null) {
      this.matched.add(exact);
      return { status: "identical", build: exact, epochDiffers: exact.epoch !== upstream.epoch };
    }
    const target = this.rewrite(upstream.release);
    const unmarked = this.unmarkUpstream(upstream.release);
    let best: SourceBuild | null = null;
    let bestRank = 0;
    for (const c of candidates) {
      if (c.version !== upstream.version) continue;
      let rank: number | null = null;
      if (this.rewrite(c.release) === target) rank = RANK.rewritten;
      else if (this.unmarkRebuild(c.release) === unmarked) rank = RANK.modified;
      if (rank === null) continue;
      if (best === null || rank < bestRank || (rank === bestRank && this.earlier(c, best))) {
        best = c;
        bestRank = rank;
      }
    }
    if (best === null) return { status: "missing" };
    this.matched.add(best);
    return {
      status: bestRank === RANK.modified ? "modified" : "identical",
      build: best,
      epochDiffers: best.epoch !== upstream.epoch,
    };
  }

  /**
   * For an upstream build `match` found missing: the rebuild's replacement (its earliest build of
   * the catalog's substitute names), that it is not applicable, or null when neither.
   */
  substitute(upstream: SourceBuild): SubstituteMatch | null {
    const s = this.substitutes.get(upstream.name);
    if (s === undefined) return null;
    if (s.kind === "not-applicable") return { status: "not-applicable" };
    let best: SourceBuild | null = null;
    for (const b of s.by.flatMap((n) => this.byName.get(n) ?? [])) if (best === null || this.earlier(b, best)) best = b;
    if (best === null) return null;
    this.matched.add(best);
    return { status: "replaced", build: best };
  }

  /** Rebuild builds (of those the matcher was made with) that no upstream build matched so far (rebuild-only packages). */
  unmatched(among: readonly SourceBuild[]): SourceBuild[] {
    return among.filter((b) => !this.matched.has(b));
  }

  private earlier(a: SourceBuild, b: SourceBuild): boolean {
    const ta = this.timeOf(a);
    const tb = this.timeOf(b);
    if (ta === null) return false;
    return tb === null || ta < tb;
  }
}
