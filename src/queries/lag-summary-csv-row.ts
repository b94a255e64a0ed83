import type { LagSummary } from "../analyze/update-lag.js";
import type { UpdateLagAnswer } from "./update-lag-query.js";

/**
 * A lag summary as one CSV row, naming its lag and clocks as the JSON envelope does (CSV has no
 * envelope): `lag` ("package lag"), the `upstream` and the rebuild's `timeSource` first, then the
 * summary, its slowest builds as one cell, `build (days)` joined by `; `. The CLI's
 * `lag --summary --csv` and the API's `/api/lag/summary?format=csv` both use it.
 *
 * @example
 * lagSummaryCsvRow(summary, answer).slowest // "kernel-5.14.0-1.el9 (12.50); bash-5.1-2.el9 (3.00)"
 */
export function lagSummaryCsvRow(
  s: LagSummary,
  answer: Pick<UpdateLagAnswer, "lag" | "upstream" | "timeSource">,
): { readonly lag: string; readonly upstream: string; readonly timeSource: string } & Omit<LagSummary, "slowest"> & {
    readonly slowest: string;
  } {
  return {
    lag: answer.lag,
    upstream: answer.upstream,
    timeSource: answer.timeSource,
    ...s,
    slowest: s.slowest.map((x) => `${x.build} (${x.lagDays.toFixed(2)})`).join("; "),
  };
}
