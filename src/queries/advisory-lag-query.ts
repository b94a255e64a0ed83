import {
  type AdvisoryLagRow,
  type AdvisoryLagSummary,
  computeAdvisoryLag,
  summarizeAdvisoryLag,
} from "../analyze/advisory-lag.js";
import { BuildMatcher } from "../analyze/build-matcher.js";
import { BACKFILL_FILES } from "../analyze/feed-backfill.js";
import { matchRules } from "../analyze/match-rules.js";
import { checkDistros } from "../catalog/check-distros.js";
import { NoDataError } from "../errors/no-data-error.js";
import { newest } from "../analyze/newest.js";
import type { StoredAdvisory } from "../model/stored-advisory.js";
import type { Measured } from "./measured.js";
import { storedAdvisories } from "./stored-advisories.js";
import { type QueryContext, remember } from "./query-context.js";

/** Whose advisories, against which upstream. */
export interface AdvisoryLagParams {
  readonly rebuild: string;
  readonly upstream: string;
}

/** How many upstream advisories have a counterpart; unknown when no upstream advisory is stored. */
export type AdvisoryCoverage =
  | { readonly known: false; readonly upstreamAdvisories: null; readonly withoutCounterpart: null }
  | { readonly known: true; readonly upstreamAdvisories: number; readonly withoutCounterpart: readonly string[] };

/** Errata lag rows (with each one's feed lag beside it) and summaries of both lags, of one rebuild. */
export interface AdvisoryLagAnswer extends Measured {
  /** The lag the rows' `lagDays` measure; each summary names its own (`errata lag` or `feed lag`). */
  readonly lag: "errata lag";
  readonly rebuild: string;
  readonly upstream: string;
  readonly rows: readonly AdvisoryLagRow[];
  readonly summaries: readonly AdvisoryLagSummary[];
  /** Rows without the rebuild's own publication time: no errata lag, whatever else they have. */
  readonly withoutOwnPublication: number;
  /** Rows whose first feed commit was a backfill: excluded from feed lag. */
  readonly feedBackfills: number;
  /** A commit adding more than this many advisory files is a backfill. */
  readonly backfillFiles: number;
  readonly coverage: AdvisoryCoverage;
  /** Advisories naming package builds no synced repository of the rebuild has carried. */
  readonly packagesNeverSeen: readonly { readonly id: string; readonly packages: readonly string[] }[];
}

/** The advisories of `rebuild`, or a NoDataError naming the import that brings them. */
export async function advisoriesOf(ctx: QueryContext, rebuild: string): Promise<readonly StoredAdvisory[]> {
  const mine = await storedAdvisories(ctx, rebuild);
  if (mine.length === 0) {
    throw new NoDataError(
      "store",
      `no advisories of ${rebuild}: run \`elscope import osv <repository> --distro ${rebuild}\` or sync its repositories first`,
    );
  }
  return mine;
}

/**
 * Errata lag: per rebuild advisory, days from the upstream advisory to the rebuild's own
 * publication; beside it the feed lag (the feed's history, backfills excluded); summaries of
 * each per year, major, severity and type, and how many advisories each lag leaves out. The
 * catalog's markers decide that 1.el9_4.alma.1 fixes what 1.el9_4 fixes.
 *
 * @example
 * const { summaries } = await advisoryLagQuery(ctx, { rebuild: "almalinux", upstream: "rhel" });
 */
export function advisoryLagQuery(ctx: QueryContext, params: AdvisoryLagParams): Promise<AdvisoryLagAnswer> {
  return remember(ctx, `advisory-lag\u0000${params.rebuild}\u0000${params.upstream}`, () => measure(ctx, params));
}

async function measure(ctx: QueryContext, params: AdvisoryLagParams): Promise<AdvisoryLagAnswer> {
  const { rebuild, upstream } = params;
  checkDistros(ctx.catalog, [rebuild, upstream]);
  const mine = await advisoriesOf(ctx, rebuild);
  const theirs = await storedAdvisories(ctx, upstream);
  const matcher = new BuildMatcher([], matchRules(ctx.catalog, rebuild, upstream));
  const rows = computeAdvisoryLag(mine, theirs, (release) => matcher.unmark(release));
  const covered = new Set(rows.map((r) => r.upstreamId));
  const coverage: AdvisoryCoverage =
    theirs.length === 0
      ? { known: false, upstreamAdvisories: null, withoutCounterpart: null }
      : {
          known: true,
          upstreamAdvisories: theirs.length,
          withoutCounterpart: theirs.map((a) => a.id).filter((id) => !covered.has(id)),
        };
  // As of the newest sighting in the source's own history where it has one, else elscope's own.
  const seen = newest(mine.map((a) => a.firstSeenGit)) ?? newest(mine.map((a) => a.firstSeenObserver));
  return {
    lag: "errata lag",
    rebuild,
    upstream,
    rows,
    summaries: summarizeAdvisoryLag(rows),
    withoutOwnPublication: rows.filter((r) => r.date === null).length,
    feedBackfills: rows.filter((r) => r.feedBackfill === true).length,
    backfillFiles: BACKFILL_FILES,
    coverage,
    packagesNeverSeen: await ctx.store.advisoriesWithUnseenPackages(rebuild),
    asOf: {
      [rebuild]: seen,
      [upstream]: newest(theirs.map((a) => a.firstSeenGit)) ?? newest(theirs.map((a) => a.firstSeenObserver)),
    },
    sources: [
      `${rebuild} advisories (${[...new Set(mine.map((a) => a.sourceKind))].sort().join(", ")})`,
      ...(theirs.length > 0
        ? [`${upstream} advisories (${[...new Set(theirs.map((a) => a.sourceKind))].sort().join(", ")})`]
        : []),
    ],
  };
}
