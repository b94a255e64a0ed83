import type { Completion } from "./completions.js";
import type { ReportTable } from "./report-model.js";

/**
 * "What would complete this report" as one table: what, for whom, the command, and the section it fills.
 *
 * @example
 * completionsTable(model.completions).rows.length // every gap once
 */
export function completionsTable(list: readonly Completion[]): ReportTable {
  return {
    title: "What would complete this report",
    headers: ["what", "for", "command", "section"],
    // A gap naming no distribution (the popularity series) is everyone's.
    rows: list.map((c) => [c.what, c.for.length === 0 ? "all" : c.for.join(", "), c.command, c.section]),
  };
}

/** The pointer a section shows instead of its gaps. */
export const gapPointer = (n: number): string =>
  `${n} ${n === 1 ? "gap" : "gaps"} here: see "What would complete this report" at the end.`;
