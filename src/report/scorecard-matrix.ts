import type { ReportTable, Score } from "./report-model.js";

/**
 * The scorecard as a matrix, criteria × distributions with the score in each cell ("no data"
 * where there is none), and the rules once as numbered footnotes the criteria point to.
 *
 * @example
 * const { table, rules } = scorecardMatrix(model.scorecard, model.distros);
 */
export function scorecardMatrix(
  scores: readonly Score[],
  distros: readonly string[],
): { readonly table: ReportTable; readonly rules: readonly string[] } {
  const rules = [...new Map(scores.map((s) => [s.criterion, s.rule]))];
  return {
    table: {
      title: "Scores (1–5; no data is not a score; the rule of each criterion is its footnote)",
      headers: ["criterion", ...distros],
      rows: rules.map(([criterion], i) => [
        `${criterion} [${i + 1}]`,
        ...distros.map((d) => {
          const s = scores.find((x) => x.distro === d && x.criterion === criterion);
          return s === undefined || s.score === null ? "no data" : s.score;
        }),
      ]),
    },
    rules: rules.map(([criterion, rule], i) => `[${i + 1}] ${criterion}: ${rule}`),
  };
}
