import { compareReleases } from "../../analyze/source-build.js";
import { type ParityAnswer, parityQuery } from "../../queries/parity-query.js";
import { factTable } from "../fact-table.js";
import { missingFacts } from "../missing-facts.js";
import { newest } from "../../analyze/newest.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportTable } from "../report-model.js";
import type { ScoreInput } from "../score-input.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const majorOf = (release: string): string => release.split(".")[0] ?? "";

/**
 * Compatibility: the claims, and parity measured over the newest major both sides have
 * synced (every release of it on both sides); parity's share of the applicable upstream source
 * builds the rebuild ships (identical, modified or replaced) feeds the "package count" score.
 *
 * @example
 * const { section, scoreInputs } = await compatibilitySection(input);
 */
export async function compatibilitySection(input: SectionInput): Promise<SectionResult> {
  const { ctx, upstream, distros, all, facts, repos } = input;
  const tables: ReportTable[] = [
    factTable("Compatibility claims", ["compatibility-claim", "modified-packages"], facts, all),
  ];
  const noData: NoData[] = missingFacts(["compatibility-claim"], facts, distros);
  const provenance: Provenance[] = [];
  const scoreInputs: ScoreInput[] = [];
  const rows: (string | number | null)[][] = [];
  const upMajors = [...new Set(repos.filter((r) => r.distro === upstream).map((r) => majorOf(r.release)))].sort(
    compareReleases,
  ); // numerically: 10 is newer than 9
  for (const d of distros) {
    const major = upMajors.filter((m) => repos.some((r) => r.distro === d && majorOf(r.release) === m)).at(-1);
    if (major === undefined) {
      // Nothing to compare like with like: the command syncs a major both sides have.
      noData.push({
        what: `parity of ${d} with ${upstream}`,
        command: `elscope sync --distro ${upstream},${d} --release 9`,
      });
      continue;
    }
    let parity: ParityAnswer;
    try {
      parity = await parityQuery(ctx, { upstream, rebuilds: [d], release: major, span: "major" });
    } catch (e) {
      noData.push(noDataOf(`parity of ${d} with ${upstream}`, e));
      continue;
    }
    // The total is the last row with repo "all" (a repository could be named so too).
    const total = parity.rows.filter((r) => r.repo === "all" && r.rebuild === d).at(-1);
    rows.push([
      d,
      major,
      total?.upstreamBuilds ?? null,
      total?.identical ?? null,
      total?.modified ?? null,
      total?.replaced ?? null,
      total?.missing ?? null,
      total?.notApplicable ?? null,
      (parity.rebuildOnly[d] ?? []).length,
    ]);
    const asOf = newest(Object.values(parity.asOf));
    provenance.push({ source: `synced repositories of ${upstream} and ${d} ${major}`, asOf });
    // Parity's own figure, so the scorecard cannot contradict the table above: the rebuild's own
    // builds (branding, additions) never stand in for an upstream build it lacks.
    const share = total?.shippedShare ?? null;
    const applicable = total === undefined ? 0 : total.upstreamBuilds - total.notApplicable;
    const shipped = total === undefined ? 0 : total.identical + total.modified + total.replaced;
    scoreInputs.push({
      distro: d,
      criterion: "package count",
      value: share,
      input:
        share === null || total === undefined
          ? "no upstream builds"
          : `${shipped} of ${applicable} ${upstream} source builds shipped identical, modified or replaced (${(share * 100).toFixed(1)} %), ${total.missing} missing${total.notApplicable > 0 ? `, ${total.notApplicable} not applicable left out` : ""}`,
      provenance: { source: `synced repositories, ${major}`, asOf },
    });
  }
  if (rows.length > 0)
    tables.push({
      title: `Measured parity with ${upstream} (source builds)`,
      headers: [
        "distribution",
        "major",
        `${upstream} builds`,
        "identical",
        "modified",
        "replaced",
        "missing",
        "not applicable",
        "own builds",
      ],
      rows,
    });
  return {
    section: section("compatibility", "Compatibility stance and measured parity", { tables, noData, provenance }),
    scoreInputs,
  };
}
