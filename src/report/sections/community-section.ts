import type { FactTopic } from "../../catalog/facts-schema.js";
import { mirrorStatsQuery } from "../../queries/mirror-stats-query.js";
import { factCheckCounts } from "../fact-check-counts.js";
import { factTable } from "../fact-table.js";
import { factTrends } from "../fact-trends.js";
import { missingFacts } from "../missing-facts.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const TOPICS: readonly FactTopic[] = [
  "organisation",
  "legal-form",
  "founded-by",
  "sponsors",
  "partners",
  "annual-pledge",
];

/** The counts kept as dated points: their newest figure in the table, their history in the trends. */
const COUNTS: readonly FactTopic[] = [
  "foundation-members",
  "corporate-sponsors",
  "mirror-sponsors",
  "partner-count",
  "support-providers",
];

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
  const trends = factTrends(COUNTS, facts, all);
  return {
    section: section("community", "Community and sponsorship", {
      tables: [
        factTable("Organisation", [...TOPICS, ...COUNTS], facts, all),
        ...(trends.table === null ? [] : [trends.table]),
        factCheckCounts(facts, all),
        ...(sponsorRows.length > 0
          ? [{ title: "Mirror sponsors", headers: ["distribution", "sponsors", "largest"], rows: sponsorRows }]
          : []),
      ],
      charts: trends.charts,
      noData: missingFacts(["organisation"], facts, all),
      provenance: stats.flatMap((s) => s.sources.map((x) => ({ source: `${x.kind} ${x.source}`, asOf: x.observedAt }))),
    }),
    scoreInputs: [],
  };
}
