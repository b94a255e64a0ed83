import { computeAdvisoryLag, computeExposure, summarizeAdvisoryLag } from "../analyze/advisory-lag.js";
import { BuildMatcher } from "../analyze/build-matcher.js";
import { factFreshness } from "../analyze/fact-freshness.js";
import { matchRules } from "../analyze/match-rules.js";
import { type RebuildInput, computeUpdateLag, median, summarizeLag } from "../analyze/update-lag.js";
import { buildsOf } from "../queries/builds-of.js";
import { STALE_DAYS } from "../catalog/defaults.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { queryContext } from "../queries/query-context.js";
import type { Store } from "../store/store.js";
import { factScoreInputs } from "./fact-score-inputs.js";
import { newest } from "./newest.js";
import type { NoData, Provenance, ReportModel, ReportTable, Score } from "./report-model.js";
import type { ScoreInput } from "./score-input.js";
import { SCORE_RULES } from "./scorecard-rules.js";
import type { SectionInput } from "./section-input.js";
import type { SectionResult } from "./section-result.js";
import { section } from "./section.js";
import { architecturesSection } from "./sections/architectures-section.js";
import { communitySection } from "./sections/community-section.js";
import { compatibilitySection } from "./sections/compatibility-section.js";
import { developmentSection } from "./sections/development-section.js";
import { imagesSection } from "./sections/images-section.js";
import { migrationSection } from "./sections/migration-section.js";
import { mirrorsSection } from "./sections/mirrors-section.js";
import { popularitySection } from "./sections/popularity-section.js";
import { releaseLagSection } from "./sections/release-lag-section.js";
import { repositoriesSection } from "./sections/repositories-section.js";

export interface ReportInput {
  readonly catalog: Catalog;
  readonly store: Store;
  readonly facts: readonly LoadedFact[];
  readonly upstream: string;
  readonly distros: readonly string[];
  readonly now: Date;
  readonly staleDays?: number;
}

/** The sections in the order the report shows them. */
const SECTIONS: readonly ((input: SectionInput) => Promise<SectionResult>)[] = [
  compatibilitySection,
  communitySection,
  popularitySection,
  imagesSection,
  developmentSection,
  architecturesSection,
  releaseLagSection,
  updateLagSection,
  advisoriesSection,
  repositoriesSection,
  migrationSection,
  mirrorsSection,
];

/**
 * Gathers the whole comparison from the store, the catalog and the facts:
 * every figure with its source and as-of time, every gap as "no data" with
 * the command that fills it, and the scorecard with the rule behind each score.
 *
 * @example
 * const model = await buildReport({ catalog, store, facts, upstream: "rhel", distros: ["almalinux", "rocky"], now: new Date() });
 */
export async function buildReport(input: ReportInput): Promise<ReportModel> {
  const { catalog, store, upstream, distros, now } = input;
  const shared: SectionInput = {
    catalog,
    upstream,
    distros,
    all: [upstream, ...distros.filter((d) => d !== upstream)],
    facts: factFreshness(input.facts, now, input.staleDays ?? STALE_DAYS),
    repos: await store.listRepositories(),
    // One context for the whole report: parity and update lag read the same builds once.
    ctx: queryContext(store, catalog, now),
  };
  // One after the other: the store is one SQLite file, and the memo is filled in a known order.
  const results: SectionResult[] = [];
  for (const run of SECTIONS) results.push(await run(shared));
  return {
    title: `Enterprise Linux comparison: ${distros.join(", ")} against ${upstream}`,
    generatedAt: now.toISOString(),
    upstream,
    distros,
    sections: results.map((r) => r.section),
    scorecard: scorecard(distros, [
      ...results.flatMap((r) => r.scoreInputs),
      ...factScoreInputs(shared.facts, distros),
    ]),
  };
}

/** Every rule scored for every distribution, from its input (the last one given wins), or "no data". */
function scorecard(distros: readonly string[], inputs: readonly ScoreInput[]): Score[] {
  const byKey = new Map(inputs.map((i) => [`${i.distro}\u0000${i.criterion}`, i]));
  return distros.flatMap((d) =>
    SCORE_RULES.map((rule) => {
      const i = byKey.get(`${d}\u0000${rule.criterion}`);
      return {
        distro: d,
        criterion: rule.criterion,
        score: rule.score(i?.value ?? null),
        input: i?.input ?? "no data",
        rule: rule.rule,
        provenance: i?.provenance ?? null,
      };
    }),
  );
}

// Still measured here, not through src/queries: they move to their own files next.
async function updateLagSection(input: SectionInput): Promise<SectionResult> {
  const { catalog, upstream, distros, repos, ctx } = input;
  const tables: ReportTable[] = [];
  const noData: NoData[] = [];
  const provenance: Provenance[] = [];
  const upReleases = [...new Set(repos.filter((r) => r.distro === upstream).map((r) => r.release))];
  const upBuilds = upReleases.length === 0 ? [] : await buildsOf(ctx, upstream, upReleases);
  const inputs: RebuildInput[] = [];
  for (const d of distros) {
    const mine = [...new Set(repos.filter((r) => r.distro === d).map((r) => r.release))];
    if (upBuilds.length === 0 || mine.length === 0) {
      noData.push({
        what: `update lag of ${d}`,
        command: `elscope sync --distro ${upstream},${d} --release 9 && elscope lag --rebuild ${d} --summary`,
      });
      continue;
    }
    inputs.push({
      id: d,
      builds: await buildsOf(ctx, d, mine),
      rules: matchRules(catalog, d, upstream),
    });
    provenance.push({
      source: `synced repositories of ${upstream} and ${d} (metadata file times)`,
      asOf: newest(repos.filter((r) => r.distro === d || r.distro === upstream).map((r) => r.checkedAt)),
    });
  }
  if (inputs.length > 0) {
    const lag = computeUpdateLag(upBuilds, inputs, "file");
    const summaries = summarizeLag(
      lag,
      inputs.map((i) => i.id),
    );
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
      rows: summaries
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
          x.within1Day === null ? null : `${Math.round(x.within1Day * 100)} %`,
          x.within7Days === null ? null : `${Math.round(x.within7Days * 100)} %`,
        ]),
    });
    const kernel = lag.filter((r) => r.package === "kernel");
    if (kernel.length > 0) {
      tables.push({
        title: "The kernel's builds",
        headers: ["upstream build", "release", ...inputs.flatMap((i) => [`${i.id} build`, `${i.id} lag (days)`])],
        rows: kernel.map((r) => [
          r.upstreamBuild,
          r.upstreamRelease,
          ...inputs.flatMap((i) => [r.rebuilds[i.id]?.build ?? null, r.rebuilds[i.id]?.lagDays ?? null]),
        ]),
      });
    }
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

async function advisoriesSection(input: SectionInput): Promise<SectionResult> {
  const { catalog, upstream, distros, ctx } = input;
  const store = ctx.store;
  const scoreInputs: ScoreInput[] = [];
  const theirs = await store.advisories(upstream);
  const exposures: (string | number | null)[][] = [];
  const tables: ReportTable[] = [];
  const charts = [];
  const noData: NoData[] = [];
  const provenance: Provenance[] = [];
  for (const d of distros) {
    const mine = await store.advisories(d);
    if (mine.length === 0) {
      noData.push({ what: `advisories of ${d}`, command: `elscope import osv <osv-database> --distro ${d}` });
      continue;
    }
    const matcher = new BuildMatcher([], matchRules(catalog, d, upstream));
    const rows = computeAdvisoryLag(mine, theirs, (release) => matcher.unmark(release));
    const summaries = summarizeAdvisoryLag(rows);
    const allS = summaries.find((s) => s.groupBy === "all");
    const exposure = computeExposure(rows)
      .map((x) => x.exposureDays)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    exposures.push([d, exposure.length, median(exposure), exposure.at(-1) ?? null]);
    const years = summaries.filter((s) => s.groupBy === "year" && s.group !== "unknown");
    tables.push({
      title: `${d}: advisory lag by year`,
      headers: ["year", "advisories", "measured", "median (days)", "p90 (days)"],
      rows: years.map((s) => [s.group, s.advisories, s.measured, s.medianDays, s.p90Days]),
    });
    charts.push({
      title: `${d}: median advisory lag by year`,
      unit: "days",
      labels: years.map((s) => s.group),
      series: [{ name: d, values: years.map((s) => s.medianDays) }],
    });
    // As of the newest sighting in the source's own history where it has one, else elscope's own.
    const source = newest(mine.map((a) => a.firstSeenGit)) ?? newest(mine.map((a) => a.firstSeenObserver));
    provenance.push({
      source: `${d} advisories (${[...new Set(mine.map((a) => a.sourceKind))].join(", ")})`,
      asOf: source,
    });
    scoreInputs.push({
      distro: d,
      criterion: "patching lag",
      value: allS?.medianDays ?? null,
      input:
        allS?.medianDays === null || allS === undefined
          ? "no measured advisory"
          : `median ${allS.medianDays} days over ${allS.measured} advisories`,
      provenance: { source: `${d} advisories`, asOf: source },
    });
  }
  return {
    section: section("advisories", "Security advisory lag and CVE exposure", {
      text: [
        "Lag runs from the upstream advisory's date to the rebuild advisory's first sighting (its git history or elscope's own first sight); advisories with no honest time are not measured. CVE exposure runs from a CVE's first upstream fix to the rebuild's (every CVE: `elscope exposure --distro <id>`).",
      ],
      tables: [
        ...tables,
        ...(exposures.length > 0
          ? [
              {
                title: "CVE exposure (from advisories)",
                headers: ["distribution", "CVEs measured", "median (days)", "max (days)"],
                rows: exposures,
              },
            ]
          : []),
      ],
      charts,
      noData,
      provenance,
    }),
    scoreInputs,
  };
}
