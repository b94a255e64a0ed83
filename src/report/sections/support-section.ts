import { measuredAt } from "../../queries/query-context.js";
import { supportPhasesQuery } from "../../queries/support-phases-query.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * End of life and support phases: every major's GA, end of active support, end of life and end
 * of extended support from endoflife.date, with the phase on the report's day.
 *
 * @example
 * const { section, scoreInputs } = await supportSection(input);
 */
export async function supportSection(input: SectionInput): Promise<SectionResult> {
  const rows = await supportPhasesQuery(input.ctx, { distros: input.all });
  const have = new Set(rows.map((r) => r.distro));
  const day = measuredAt(input.ctx).toISOString().slice(0, 10);
  return {
    section: section("support", "End of life and support phases", {
      text: [
        `Each major's phases as endoflife.date states them (each date the last day of its phase); the phase is as of ${day}. "unknown" is a date the page does not state.`,
      ],
      tables:
        rows.length === 0
          ? []
          : [
              {
                title: `Support phases per major (as of ${day})`,
                headers: [
                  "distribution",
                  "major",
                  "GA",
                  "end of active support",
                  "end of life",
                  "end of extended support",
                  "phase",
                  "source",
                ],
                rows: rows.map((r) => [
                  r.distro,
                  r.major,
                  r.ga,
                  r.activeSupportEnd,
                  r.eol,
                  r.extendedSupportEnd,
                  r.phase,
                  r.source,
                ]),
              },
            ],
      noData: input.all
        .filter((d) => !have.has(d))
        .map((d) => ({
          what: `${d} support phases`,
          command: `elscope import endoflife-product <products/${d}.md> --distro ${d}`,
        })),
      provenance: [...new Map(rows.map((r) => [r.source, r.importedAt])).entries()].map(([source, asOf]) => ({
        source,
        asOf,
      })),
    }),
    // Not a scored criterion: the verdict shows it beside the scores.
    scoreInputs: input.all
      .filter((d) => have.has(d))
      .map((d) => {
        const mine = rows.filter((r) => r.distro === d && r.phase !== "end of life");
        const last = rows.filter((r) => r.distro === d).at(-1);
        return {
          distro: d,
          criterion: "end of life",
          value: mine.length,
          input:
            mine.length === 0
              ? "every major past its end of life"
              : mine
                  .map(
                    (r) =>
                      `${r.major}: ${r.phase}, end of life ${r.eol ?? "unknown"}` +
                      (r.phase === "extended support only"
                        ? `, extended support to ${r.extendedSupportEnd ?? "unknown"}`
                        : ""),
                  )
                  .join("; "),
          provenance: { source: last?.source ?? "endoflife.date", asOf: last?.importedAt ?? null },
        };
      }),
  };
}
