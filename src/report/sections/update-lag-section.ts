import { type UpdateLagAnswer, updateLagQuery } from "../../queries/update-lag-query.js";
import { newest } from "../../analyze/newest.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportTable } from "../report-model.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const percent = (x: number | null): string | null => (x === null ? null : `${Math.round(x * 100)} %`);

/**
 * Update release lag: per upstream build, days to each rebuild's matching build, from the
 * metadata file times of the synced repositories on both sides; summaries per release, and
 * the kernel's builds one by one.
 *
 * @example
 * const { section } = await updateLagSection(input);
 */
export async function updateLagSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, upstream, distros } = input;
  const noData: NoData[] = [];
  const provenance: Provenance[] = [];
  // One query per rebuild, so a rebuild with nothing synced is a gap of its own, not of all of them.
  const answers: UpdateLagAnswer[] = [];
  for (const d of distros) {
    try {
      const answer = await updateLagQuery(ctx, { upstream, rebuilds: [d], time: "file" });
      answers.push(answer);
      provenance.push({
        source: `synced repositories of ${upstream} and ${d} (metadata file times)`,
        asOf: newest(Object.values(answer.asOf)),
      });
    } catch (e) {
      noData.push(noDataOf(`update lag of ${d}`, e));
    }
  }
  const tables: ReportTable[] = [];
  if (answers.length > 0) {
    tables.push({
      title: "Update lag per release (days from the upstream build's file time to the rebuild's)",
      headers: [
        "distribution",
        "release",
        "builds",
        "matched",
        "missing",
        "median",
        "p90",
        "max",
        "within 1 day",
        "within 7 days",
      ],
      rows: answers
        .flatMap((a) => a.summaries)
        .filter((x) => x.groupBy === "release" || x.groupBy === "distro")
        .map((x) => [
          x.rebuild,
          x.groupBy === "distro" ? "all" : x.group,
          x.builds,
          x.matched,
          x.missing,
          x.medianDays,
          x.p90Days,
          x.maxDays,
          percent(x.within1Day),
          percent(x.within7Days),
        ]),
    });
    const kernel = kernelTable(answers);
    if (kernel.rows.length > 0) tables.push(kernel);
  }
  return {
    section: section("update-lag", "Update release lag", {
      text: ["Per-package lag from each upstream build to the rebuild's matching build (`elscope lag` for every row)."],
      tables,
      noData,
      provenance,
    }),
    scoreInputs: [],
  };
}

/** The kernel's upstream builds, one row each, with every rebuild's build and lag beside it. */
function kernelTable(answers: readonly UpdateLagAnswer[]): ReportTable {
  // The rows are long (one per upstream build and rebuild): a row of this table gathers one build's.
  const rows = answers.flatMap((a) => a.rows.filter((r) => r.package === "kernel"));
  const releaseOf = new Map(rows.map((r) => [r.upstreamBuild, r.upstreamRelease]));
  const lagOf = new Map(rows.map((r) => [`${r.upstreamBuild}\u0000${r.rebuild}`, r]));
  const ids = answers.flatMap((a) => a.rebuilds);
  return {
    title: "The kernel's builds",
    headers: ["upstream build", "release", ...ids.flatMap((id) => [`${id} build`, `${id} lag (days)`])],
    rows: [...releaseOf].map(([build, release]) => [
      build,
      release,
      ...ids.flatMap((id) => {
        const r = lagOf.get(`${build}\u0000${id}`);
        return [r?.build ?? null, r?.lagDays ?? null];
      }),
    ]),
  };
}
