import { storedAdvisories } from "../../queries/stored-advisories.js";
import { releasesInStore } from "../../queries/builds-of.js";
import { csafImportCommand } from "../../queries/csaf-import-command.js";
import { type UpdateLagAnswer, updateLagQuery } from "../../queries/update-lag-query.js";
import { KAPLAN_MEIER } from "../../analyze/kaplan-meier.js";
import { newest } from "../../analyze/newest.js";
import { compareReleases } from "../../analyze/source-build.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportTable } from "../report-model.js";
import type { ScoreInput } from "../score-input.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const percent = (x: number | null): string | null => (x === null ? null : `${Math.round(x * 100)} %`);

/**
 * Package lag: per upstream build, days to each rebuild's matching build on its mirror, from
 * whichever upstream clock the store has (each row names it); summaries per release, the
 * kernel's builds one by one per minor, and the median over all builds for the "patching lag"
 * score.
 *
 * @example
 * const { section } = await updateLagSection(input);
 */
export async function updateLagSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, upstream, distros } = input;
  const noData: NoData[] = [];
  const provenance: Provenance[] = [];
  const scoreInputs: ScoreInput[] = [];
  // One query per rebuild, so a rebuild with nothing synced is a gap of its own, not of all of them.
  const answers: UpdateLagAnswer[] = [];
  for (const d of distros) {
    try {
      const answer = await updateLagQuery(ctx, { upstream, rebuilds: [d], time: "file", rows: ["kernel"] });
      answers.push(answer);
      provenance.push({ source: answer.sources.join("; "), asOf: newest(Object.values(answer.asOf)) });
    } catch (e) {
      const gap = noDataOf(`package lag of ${d} (its packages on its public mirrors)`, e);
      noData.push(gap);
      // The patching score reads package lag only: without it there is no score, and the input says what gets it.
      scoreInputs.push({
        distro: d,
        criterion: "patching lag",
        value: null,
        input: `no package lag: ${gap.command}`,
        provenance: null,
      });
    }
  }
  // Offline, the rebuilds' gap hides the upstream's: say how RHEL gets a clock without an entitlement.
  const csaf = csafImportCommand(input.catalog, upstream);
  if (
    answers.length === 0 &&
    csaf !== null &&
    (await releasesInStore(ctx.store, upstream)).length === 0 &&
    !(await storedAdvisories(ctx, upstream)).some((a) => a.sourceKind === "redhat-csaf")
  ) {
    noData.push({ what: `${upstream} build times without an entitlement (its public CSAF advisories)`, command: csaf });
  }
  const tables: ReportTable[] = [];
  for (const a of answers) {
    for (const x of a.summaries.filter((s) => s.groupBy === "distro")) {
      scoreInputs.push({
        distro: x.rebuild,
        criterion: "patching lag",
        value: x.medianDays,
        input:
          x.medianDays === null
            ? `no median: ${x.pending} of ${x.builds} upstream builds pending`
            : `median package lag ${x.medianDays.toFixed(2)} days over ${x.builds} upstream builds, ${x.pending} of them pending (${x.estimator})`,
        provenance: { source: a.sources.join("; "), asOf: newest(Object.values(a.asOf)) },
      });
    }
  }
  if (answers.length > 0) {
    tables.push({
      title: "Package lag per release (days from the upstream build to the rebuild's package on its mirror)",
      headers: [
        "distribution",
        "release",
        "builds",
        "shipped",
        "pending",
        "median",
        "p90",
        "max shipped",
        "within 1 day",
        "within 7 days",
        "pending: median age",
        "pending: max age",
      ],
      rows: answers
        .flatMap((a) => a.summaries)
        .filter((x) => x.groupBy === "release" || x.groupBy === "distro")
        .map((x) => [
          x.rebuild,
          x.groupBy === "distro" ? "all" : x.group,
          x.builds,
          x.matched,
          x.pending,
          x.medianDays,
          x.p90Days,
          x.maxDays,
          percent(x.within1Day),
          percent(x.within7Days),
          x.pendingMedianDays,
          x.pendingMaxDays,
        ]),
    });
    const kernel = kernelTable(answers);
    if (kernel.rows.length > 0) tables.push(kernel);
  }
  return {
    section: section("update-lag", "Package lag", {
      text: [
        "Package lag: from each upstream build to the rebuild's matching package on its mirror (its file time, or when elscope first saw it), per build (`elscope lag` for every row). The upstream side takes the best clock the store has, named in each row: a synced repository's file time, the upstream advisory's release time (CSAF), or the upstream date a rebuild's advisory copies.",
        `An upstream build the rebuild has not shipped is pending, waiting so far as of the rebuild's newest sync, and counts: median, p90 and the shares within 1 and 7 days are ${KAPLAN_MEIER} estimates with pending builds right-censored (a pending build older than 7 days is not within 7 days); a median is unknown while half the builds are pending.`,
      ],
      tables,
      noData,
      provenance,
    }),
    scoreInputs,
  };
}

/** The kernel's upstream builds per minor, one row each, with every rebuild's build, lag and clocks beside it. */
function kernelTable(answers: readonly UpdateLagAnswer[]): ReportTable {
  // The rows are long (one per upstream build and rebuild): a row of this table gathers one build's.
  const rows = answers.flatMap((a) => a.rows.filter((r) => r.package === "kernel"));
  const first = new Map(rows.map((r) => [r.upstreamBuild, r]));
  const lagOf = new Map(rows.map((r) => [`${r.upstreamBuild}\u0000${r.rebuild}`, r]));
  const ids = answers.flatMap((a) => a.rebuilds);
  const builds = [...first.values()].sort(
    (a, b) => compareReleases(a.upstreamRelease, b.upstreamRelease) || (a.upstreamTime < b.upstreamTime ? -1 : 1),
  );
  return {
    title: "The kernel's builds per minor (package lag)",
    headers: [
      "release",
      "upstream build",
      "upstream time",
      "upstream clock",
      ...ids.flatMap((id) => [`${id} build`, `${id} lag (days)`, `${id} clock`]),
    ],
    rows: builds.map((u) => [
      u.upstreamRelease,
      u.upstreamBuild,
      u.upstreamTime,
      u.upstreamTimeSource,
      ...ids.flatMap((id) => {
        const r = lagOf.get(`${u.upstreamBuild}\u0000${id}`);
        if (r?.status === "pending") return ["pending", `waiting ${r.waitingDays.toFixed(2)} so far`, null];
        return [r?.build ?? null, r?.lagDays ?? null, r?.timeSource ?? null];
      }),
    ]),
  };
}
