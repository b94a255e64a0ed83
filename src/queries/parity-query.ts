import { matchRules } from "../analyze/match-rules.js";
import { type BuildPair, type ParityCounts, computeParity } from "../analyze/parity.js";
import { checkDistros } from "../catalog/check-distros.js";
import { resolveRelease } from "../catalog/resolve-release.js";
import { asOf } from "./as-of.js";
import { buildsOf, releasesToRead } from "./builds-of.js";
import { type RequestedAsOf, answerAsOf } from "./answer-as-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Which builds to compare: one release exactly as synced (9 is the rolling tree), or a whole major. */
export interface ParityParams {
  readonly upstream: string;
  readonly rebuilds: readonly string[];
  readonly release: string;
  /** "major" (the default for a major): every release of its major; "release" (for a minor): that release's repositories. */
  readonly span?: "release" | "major";
}

/** One repository (or "all") × one rebuild: the flat form every front end shows. */
export type ParityRowFlat = ParityCounts & {
  readonly release: string;
  readonly repo: string;
  readonly rebuild: string;
  readonly upstreamBuilds: number;
};

/** Parity rows, and per rebuild the builds behind the counts. */
export interface ParityAnswer extends Measured, RequestedAsOf {
  readonly upstream: string;
  readonly rebuilds: readonly string[];
  readonly release: string;
  readonly rows: readonly ParityRowFlat[];
  /** Per rebuild: its builds that match no upstream build. */
  readonly rebuildOnly: Readonly<Record<string, readonly string[]>>;
  readonly modified: Readonly<Record<string, readonly BuildPair[]>>;
  readonly missing: Readonly<Record<string, readonly string[]>>;
  /** Per rebuild: upstream builds shipped as its own package (the catalog's substitution map). */
  readonly replaced: Readonly<Record<string, readonly BuildPair[]>>;
  /** Per rebuild: upstream builds it leaves out on purpose; no share counts them. */
  readonly notApplicable: Readonly<Record<string, readonly string[]>>;
}

/**
 * Compatibility, measured: which upstream source builds each rebuild ships identical,
 * modified (its release marker), replaced (its own branding package), not at all, or leaves
 * out on purpose (not applicable, outside every share), per repository and in total (repo "all").
 *
 * @example
 * const { rows } = await parityQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9.4" });
 */
export async function parityQuery(ctx: QueryContext, params: ParityParams): Promise<ParityAnswer> {
  const { upstream, rebuilds, release } = params;
  checkDistros(ctx.catalog, [upstream, ...rebuilds]);
  // A major means every minor of it and the rolling tree, as everywhere else.
  const resolved = resolveRelease(ctx.catalog, [upstream, ...rebuilds], release);
  const major = resolved.major;
  const span = params.span ?? (resolved.kind === "major" ? "major" : "release");
  const releasesOf = async (d: string): Promise<string[]> =>
    span === "major" ? await releasesToRead(ctx.store, d, major) : [release];
  const up = await buildsOf(ctx, upstream, await releasesOf(upstream));
  const inputs = [];
  for (const id of rebuilds)
    inputs.push({
      id,
      builds: await buildsOf(ctx, id, await releasesOf(id)),
      rules: matchRules(ctx.catalog, id, upstream),
    });
  const p = computeParity(up, inputs);
  const rows = [...p.rows, p.total].flatMap((row) =>
    rebuilds.map((id): ParityRowFlat => {
      const c = row.rebuilds[id];
      return {
        release,
        repo: row.repo,
        rebuild: id,
        upstreamBuilds: row.upstreamBuilds,
        identical: c?.identical ?? 0,
        modified: c?.modified ?? 0,
        missing: c?.missing ?? 0,
        identicalShare: c?.identicalShare ?? null,
        modifiedShare: c?.modifiedShare ?? null,
        missingShare: c?.missingShare ?? null,
        replaced: c?.replaced ?? 0,
        notApplicable: c?.notApplicable ?? 0,
        replacedShare: c?.replacedShare ?? null,
        shippedShare: c?.shippedShare ?? null,
      };
    }),
  );
  return answerAsOf(ctx, {
    upstream,
    rebuilds,
    release,
    rows,
    rebuildOnly: p.rebuildOnly,
    modified: p.modified,
    missing: p.missing,
    replaced: p.replaced,
    notApplicable: p.notApplicable,
    asOf: await asOf(ctx.store, [upstream, ...rebuilds]),
    sources: [upstream, ...rebuilds].map((d) => `synced repositories of ${d} ${span === "major" ? major : release}`),
  });
}
