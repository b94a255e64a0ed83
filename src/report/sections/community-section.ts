import type { FactTopic } from "../../catalog/facts-schema.js";
import { mirrorStatsQuery } from "../../queries/mirror-stats-query.js";
import { factTable } from "../fact-table.js";
import { missingFacts } from "../missing-facts.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const TOPICS: readonly FactTopic[] = ["organisation", "legal-form", "founded-by", "sponsors", "partners"];

/**
 * Community and sponsorship: who stands behind each distribution, and who sponsors its mirrors.
 *
 * @example
 * const { section } = await communitySection(input);
 */
export async function communitySection(input: SectionInput): Promise<SectionResult> {
  const { ctx, all, facts } = input;
  // partial: a distribution without a mirror list just has no sponsor row; the mirrors section names the gap.
  const { distros: stats } = await mirrorStatsQuery(ctx, { distros: all, partial: true });
  const sponsorRows = stats.map((s) => [
    s.distro,
    s.sponsors.distinct,
    s.sponsors.top
      .slice(0, 3)
      .map((t) => t.sponsor)
      .join(", "),
  ]);
  return {
    section: section("community", "Community and sponsorship", {
      tables: [
        factTable("Organisation", TOPICS, facts, all),
        ...(sponsorRows.length > 0
          ? [{ title: "Mirror sponsors", headers: ["distribution", "sponsors", "largest"], rows: sponsorRows }]
          : []),
      ],
      noData: missingFacts(["organisation"], facts, all),
      provenance: stats.flatMap((s) => s.sources.map((x) => ({ source: `${x.kind} ${x.source}`, asOf: x.observedAt }))),
    }),
    scoreInputs: [],
  };
}
