import {
  type GaConvention,
  type ReleaseLagRow,
  type ReleaseLagSummary,
  computeReleaseLag,
  summarizeReleaseLag,
} from "../analyze/release-lag.js";
import { checkDistros } from "../catalog/check-distros.js";
import { ERRATA_BATCH_MIN_ADVISORIES, ERRATA_BATCH_WINDOW_DAYS } from "../catalog/defaults.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import type { StoredReleaseDate } from "../model/stored-release-date.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";
import { releaseDatesInStore } from "./release-dates-in-store.js";
import { upstreamAdvisoryDays } from "./upstream-advisory-days.js";

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
  /** Per rebuild, over its measured minors; first releases left out and named. */
  readonly summaries: readonly ReleaseLagSummary[];
  /** How the errata convention finds a minor's GA batch of upstream advisories. */
  readonly errataBatchRule: { readonly windowDays: number; readonly minAdvisories: number };
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
  const errataBatchRule = { windowDays: ERRATA_BATCH_WINDOW_DAYS, minAdvisories: ERRATA_BATCH_MIN_ADVISORIES };
  const rows =
    up === undefined
      ? []
      : computeReleaseLag(await releaseDatesInStore(ctx, stored), up, rebuilds, convention, {
          days: await upstreamAdvisoryDays(ctx, params.upstream),
          rule: errataBatchRule,
        });
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
    summaries: summarizeReleaseLag(rows),
    errataBatchRule,
    asOf,
    sources: sourcesByKind(stored.filter((r) => r.distro in asOf)),
  };
}

/** One line per distribution and source kind: its source, or how many it has (a page history gives one per commit). */
function sourcesByKind(rows: readonly StoredReleaseDate[]): string[] {
  const by = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.distro} ${r.sourceKind}`;
    by.set(key, (by.get(key) ?? new Set<string>()).add(r.source));
  }
  return [...by]
    .map(([kind, set]) => {
      const all = [...set].sort();
      return all.length === 1 ? `${kind} ${all[0] ?? ""}` : `${kind}: ${all.length} sources (${all[0] ?? ""} …)`;
    })
    .sort();
}
