import { type GaConvention, type ReleaseLagRow, computeReleaseLag } from "../analyze/release-lag.js";
import { checkDistros } from "../catalog/check-distros.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";
import { releaseDatesInStore } from "./release-dates-in-store.js";

/** Which rebuilds (default: every rebuild of the upstream) and which upstream GA convention. */
export interface ReleaseLagParams {
  readonly upstream: string;
  readonly rebuilds?: readonly string[];
  readonly convention?: GaConvention;
}

/** Release lag rows, each with its dates' sources. */
export interface ReleaseLagAnswer extends Measured {
  readonly lag: "release lag";
  readonly upstream: string;
  readonly gaConvention: GaConvention;
  readonly rows: readonly ReleaseLagRow[];
}

/**
 * Initial release lag: per minor release, days from the upstream's GA to each rebuild's,
 * each date chosen by the catalog's precedence with every source's date beside it.
 *
 * @example
 * const { rows } = await releaseLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"] });
 */
export async function releaseLagQuery(ctx: QueryContext, params: ReleaseLagParams): Promise<ReleaseLagAnswer> {
  const wanted = params.rebuilds ?? [];
  checkDistros(ctx.catalog, [params.upstream, ...wanted]);
  const ids = wanted.length > 0 ? wanted : rebuildsOf(ctx.catalog, params.upstream);
  const up = ctx.catalog.distros.find((d) => d.id === params.upstream);
  const rebuilds = ctx.catalog.distros.filter((d) => ids.includes(d.id));
  const convention = params.convention ?? "announcement";
  const stored = await ctx.store.releaseDates();
  const rows =
    up === undefined
      ? []
      : computeReleaseLag(await releaseDatesInStore(ctx.store, ctx.catalog, stored), up, rebuilds, convention);
  const asOf: Record<string, string | null> = {};
  for (const d of [params.upstream, ...ids]) {
    asOf[d] =
      stored
        .filter((r) => r.distro === d)
        .map((r) => r.importedAt)
        .sort()
        .at(-1) ?? null;
  }
  return {
    lag: "release lag",
    upstream: params.upstream,
    gaConvention: convention,
    rows,
    asOf,
    sources: [...new Set(stored.filter((r) => r.distro in asOf).map((r) => `${r.sourceKind} ${r.source}`))].sort(),
  };
}
