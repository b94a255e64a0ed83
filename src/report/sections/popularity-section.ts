import { type PopularityAnswer, popularityQuery } from "../../queries/popularity-query.js";
import { noDataOf } from "../no-data-of.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Popularity: the newest value of each series (distribution, metric, subject) with its date and source.
 *
 * @example
 * const { section } = await popularitySection(input);
 */
export async function popularitySection(input: SectionInput): Promise<SectionResult> {
  let answer: PopularityAnswer;
  try {
    answer = await popularityQuery(input.ctx, { distros: input.all });
  } catch (e) {
    return {
      section: section("popularity", "Popularity", { noData: [noDataOf("popularity series", e)] }),
      scoreInputs: [],
    };
  }
  // Points come oldest first within a series, so the last one kept per series is its newest.
  const latest = new Map<string, PopularityAnswer["points"][number]>();
  for (const p of answer.points) latest.set(`${p.distro}\u0000${p.metric}\u0000${p.subject}`, p);
  const rows = [...latest.values()].map((p) => [
    p.distro,
    p.metric,
    p.subject,
    p.value,
    p.date,
    `${p.sourceKind} ${p.source}`,
  ]);
  return {
    section: section("popularity", "Popularity", {
      tables: [
        {
          title: "Newest value of each series",
          headers: ["distribution", "metric", "subject", "value", "date", "source"],
          rows,
        },
      ],
    }),
    scoreInputs: [],
  };
}
