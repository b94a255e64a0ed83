import type { LagSummary } from "../analyze/update-lag.js";

/**
 * A lag summary as one CSV row: its slowest builds as one cell, `build (days)` joined by `; `.
 * The CLI's `lag --summary --csv` and the API's `/api/lag/summary?format=csv` both use it.
 *
 * @example
 * lagSummaryCsvRow(summary).slowest // "kernel-5.14.0-1.el9 (12.50); bash-5.1-2.el9 (3.00)"
 */
export function lagSummaryCsvRow(s: LagSummary): Omit<LagSummary, "slowest"> & { readonly slowest: string } {
  return { ...s, slowest: s.slowest.map((x) => `${x.build} (${x.lagDays.toFixed(2)})`).join("; ") };
}
