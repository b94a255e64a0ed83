import { supportPhase, type PhaseDates, type SupportPhase } from "../analyze/support-phase.js";
import { type QueryContext, measuredAt } from "./query-context.js";

/** One major of one distribution: its GA, its phase ends, the phase as of the query's day, and the source. */
export interface SupportPhaseRow extends PhaseDates {
  readonly distro: string;
  readonly major: string;
  readonly phase: SupportPhase;
  /** The day the phase is measured on (YYYY-MM-DD): the context's clock. */
  readonly asOf: string;
  /** The source the dates come from (the product page, else its page history). */
  readonly source: string;
  /** When that source was imported. */
  readonly importedAt: string;
}

// The current page first: its history keeps older statements of the same dates.
const KINDS = ["endoflife-product", "endoflife-product-history"] as const;

/**
 * The support phases of every major of the distributions asked, from endoflife.date's product
 * pages (`elscope import endoflife-product`): GA, end of active support, end of life, end of
 * extended support, and the phase on the context's day. A distribution without them has no rows.
 *
 * @example
 * const rows = await supportPhasesQuery(ctx, { distros: ["rhel", "almalinux"] });
 */
export async function supportPhasesQuery(
  ctx: QueryContext,
  params: { readonly distros: readonly string[] },
): Promise<readonly SupportPhaseRow[]> {
  const day = measuredAt(ctx).toISOString().slice(0, 10);
  const dates = (await ctx.store.releaseDates()).filter((d) => /^\d+$/.test(d.release));
  const rows: SupportPhaseRow[] = [];
  for (const distro of params.distros) {
    const mine = dates.filter((d) => d.distro === distro);
    const kind = KINDS.find((k) => mine.some((d) => d.sourceKind === k && d.stage !== "ga"));
    if (kind === undefined) continue;
    const from = mine.filter((d) => d.sourceKind === kind);
    const majors = [...new Set(from.map((d) => d.release))].sort((a, b) => Number(a) - Number(b));
    for (const major of majors) {
      const at = (stage: string) => from.find((d) => d.release === major && d.stage === stage);
      const phases: PhaseDates = {
        ga: at("ga")?.date ?? null,
        activeSupportEnd: at("active-support-end")?.date ?? null,
        eol: at("eol")?.date ?? null,
        extendedSupportEnd: at("extended-support-end")?.date ?? null,
      };
      const any = at("eol") ?? at("ga") ?? from.find((d) => d.release === major);
      rows.push({
        distro,
        major,
        ...phases,
        phase: supportPhase(phases, day),
        asOf: day,
        source: any?.source ?? kind,
        importedAt: any?.importedAt ?? "",
      });
    }
  }
  return rows;
}
