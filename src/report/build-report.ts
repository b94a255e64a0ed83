import { factFreshness } from "../analyze/fact-freshness.js";
import { STALE_DAYS } from "../catalog/defaults.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { noDataAsOf } from "../queries/answer-as-of.js";
import { queryContext } from "../queries/query-context.js";
import type { Store } from "../store/store.js";
import { factScoreInputs } from "./fact-score-inputs.js";
import type { ReportModel, Score } from "./report-model.js";
import type { ScoreInput } from "./score-input.js";
import { SCORE_RULES } from "./scorecard-rules.js";
import type { SectionInput } from "./section-input.js";
import type { SectionResult } from "./section-result.js";
import { advisoriesSection } from "./sections/advisories-section.js";
import { architecturesSection } from "./sections/architectures-section.js";
import { communitySection } from "./sections/community-section.js";
import { compatibilitySection } from "./sections/compatibility-section.js";
import { developmentSection } from "./sections/development-section.js";
import { imagesSection } from "./sections/images-section.js";
import { migrationSection } from "./sections/migration-section.js";
import { mirrorsSection } from "./sections/mirrors-section.js";
import { popularitySection } from "./sections/popularity-section.js";
import { provenanceSection } from "./sections/provenance-section.js";
import { releaseLagSection } from "./sections/release-lag-section.js";
import { repositoriesSection } from "./sections/repositories-section.js";
import { updateLagSection } from "./sections/update-lag-section.js";
import { supportSection } from "./sections/support-section.js";
import { trendSection } from "./sections/trend-section.js";
import { completions } from "./completions.js";
import type { HostList } from "../queries/sample-host-list.js";
import { missingFacts } from "./missing-facts.js";
import { verdict } from "./verdict.js";

export interface ReportInput {
  readonly catalog: Catalog;
  readonly store: Store;
  readonly facts: readonly LoadedFact[];
  readonly upstream: string;
  readonly distros: readonly string[];
  readonly now: Date;
  readonly staleDays?: number;
  /** The host the migration section checks (`elscope report --host-list`); omitted, the sample in data/hosts/. */
  readonly hostList?: HostList;
  /** `--as-of` / `?asOf=`: every section reads the history as the store knew it then. */
  readonly asOf?: Date;
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
  supportSection,
  updateLagSection,
  advisoriesSection,
  repositoriesSection,
  provenanceSection,
  migrationSection,
  mirrorsSection,
  trendSection,
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
  // One context for the whole report: parity and update lag read the same builds once.
  const ctx = queryContext(store, catalog, now, input.asOf);
  if (input.asOf !== undefined) {
    const then = input.asOf.toISOString();
    const range = await store.historyRange();
    const began = [range.snapshots, range.mirrorLists, range.advisories, range.images].some(
      (s) => s !== null && s.first <= then,
    );
    const none = noDataAsOf(ctx, !began, "repository snapshot, mirror list, advisory or image observation");
    if (none !== null) throw none;
  }
  const shared: SectionInput = {
    catalog,
    upstream,
    distros,
    all: [upstream, ...distros.filter((d) => d !== upstream)],
    facts: factFreshness(input.facts, now, input.staleDays ?? STALE_DAYS),
    repos: await ctx.store.listRepositories(),
    ctx,
    ...(input.hostList === undefined ? {} : { hostList: input.hostList }),
  };
  // One after the other: the store is one SQLite file, and the memo is filled in a known order.
  const results: SectionResult[] = [];
  for (const run of SECTIONS) results.push(await run(shared));
  const inputs = [...results.flatMap((r) => r.scoreInputs), ...factScoreInputs(shared.facts, shared.all)];
  const sections = results.map((r) => r.section);
  return {
    title: `Enterprise Linux comparison: ${distros.join(", ")} against ${upstream}`,
    generatedAt: now.toISOString(),
    ...(input.asOf === undefined ? {} : { requestedAsOf: input.asOf.toISOString() }),
    upstream,
    distros,
    sections,
    scorecard: scorecard(distros, inputs),
    verdict: verdict(
      shared.all,
      upstream,
      inputs,
      sections,
      missingFacts(["commercial-support"], shared.facts, distros),
    ),
    completions: completions(sections, shared.all),
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
