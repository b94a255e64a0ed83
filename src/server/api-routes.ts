import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { defaultUpstream } from "../catalog/default-upstream.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import { advisoryCsvRow } from "../queries/advisory-csv-row.js";
import { advisoryLagQuery } from "../queries/advisory-lag-query.js";
import { factsQuery } from "../queries/facts-query.js";
import { longTableRows } from "../format/long-table-rows.js";
import { imageMatrixQuery } from "../queries/image-matrix-query.js";
import { mirrorStatsQuery } from "../queries/mirror-stats-query.js";
import { packagesQuery } from "../queries/packages-query.js";
import { parityQuery } from "../queries/parity-query.js";
import { type ProvenanceAnswer, provenanceQuery } from "../queries/provenance-query.js";
import { provenanceCsvRows } from "../queries/provenance-csv-rows.js";
import { repositoriesQuery } from "../queries/repositories-query.js";
import { jobsQuery } from "../jobs/jobs-query.js";
import { queryContext } from "../queries/query-context.js";
import { releaseLagQuery } from "../queries/release-lag-query.js";
import { type UpdateLagAnswer, updateLagQuery } from "../queries/update-lag-query.js";
import { lagSummaryCsvRow } from "../queries/lag-summary-csv-row.js";
import { buildReport } from "../report/build-report.js";
import { popularityQuery } from "../queries/popularity-query.js";
import { trendQuery } from "../queries/trend-query.js";
import { TREND_METRICS } from "../analyze/trend-row.js";
import { MirrorStore } from "../store/mirror-store.js";
import { needsRebuild, rebuildSetOf } from "./api-params.js";
import type { AppOptions } from "./app-options.js";
import { type EndpointKit, getEndpoint } from "./get-endpoint.js";
import { alertsRoutes } from "./alerts-routes.js";

/**
 * Declares every read-only measurement endpoint on `app`. Each calls the use case the CLI calls (src/queries) with the same parameters, so
 * `/api/lag` and `elscope lag --json` answer alike; the few store listings without a use case
 * are shaped here, as their CLI commands shape them.
 *
 * @example
 * apiRoutes(app, opts, { cache, params: apiParams(opts.catalog) });
 */
export function apiRoutes(app: OpenAPIHono, opts: AppOptions, kit: EndpointKit): void {
  const { store, catalog } = opts;
  const p = kit.params;
  /** The context of one request; with `?asOf=`, reading the history as of then. */
  const ctx = (asOf?: Date) => queryContext(store, catalog, new Date(), asOf);
  const upstreamOf = (q: { readonly upstream?: string | undefined }): string => q.upstream ?? defaultUpstream(catalog);
  /** The distribution filter, `distro` or its older spelling; undefined means every distribution. */
  const filterOf = (q: {
    readonly distro?: readonly string[] | undefined;
    readonly distros?: readonly string[] | undefined;
  }) => q.distro ?? q.distros;

  getEndpoint(app, kit, {
    path: "/api/report",
    summary:
      "The whole comparison: every section with sources and as-of times, and the scorecard; as CSV, every table of it in long form (table, row, column, value)",
    table: true,
    csvRows: (answer) => longTableRows(answer).map((r) => ({ ...r })),
    query: {
      upstream: p.upstream,
      ...p.rebuildSet("distributions to compare (default: the upstream's rebuilds)", false),
      ...p.asOf,
    },
    measure: async (q) => {
      const upstream = upstreamOf(q);
      const distros = rebuildSetOf(q) ?? rebuildsOf(catalog, upstream);
      const asOf = q.asOf === undefined ? {} : { asOf: q.asOf };
      return buildReport({ catalog, store, facts: opts.facts, upstream, distros, now: new Date(), ...asOf });
    },
  });

  getEndpoint(app, kit, {
    path: "/api/release-lag",
    summary:
      "Initial release lag: days from the upstream's GA of each minor to each rebuild's, with every source's date",
    table: true,
    query: { upstream: p.upstream, ...p.rebuildSet("rebuilds (default: every rebuild of the upstream)", false) },
    measure: (q) => releaseLagQuery(ctx(), { upstream: upstreamOf(q), rebuilds: rebuildSetOf(q) ?? [] }),
  });

  getEndpoint(app, kit, {
    path: "/api/advisories",
    summary:
      "Errata lag (upstream advisory to the rebuild's own publication) and feed lag (to the feed's first commit, backfills excluded) per advisory of one rebuild, with summaries of each (all, per year, major, severity, type)",
    table: true,
    paged: true,
    csvRow: advisoryCsvRow,
    query: { upstream: p.upstream, ...p.rebuildSet("the rebuild (the first, if several)", true) },
    check: needsRebuild,
    measure: (q) => advisoryLagQuery(ctx(), { rebuild: rebuildSetOf(q)?.[0] ?? "", upstream: upstreamOf(q) }),
  });

  // One reading of a lag query for the rows and the summaries alone, so both answer alike.
  const lagQuery = {
    upstream: p.upstream,
    ...p.rebuildSet("rebuilds, comma-separated", true),
    release: p.text({ description: "an upstream release (9.4) or major (9)", example: "9.4" }),
    package: p.text({ description: "one source package", example: "kernel" }),
    by: p.lagGroupings,
    ...p.asOf,
  };
  const lagOf = (q: z.output<z.ZodObject<typeof lagQuery>>, rows: "all" | "none" = "all") =>
    updateLagQuery(ctx(q.asOf), {
      rows,
      upstream: upstreamOf(q),
      rebuilds: rebuildSetOf(q) ?? [],
      release: q.release,
      package: q.package,
      by: q.by,
    });

  getEndpoint(app, kit, {
    path: "/api/lag",
    summary: "Update release lag per upstream build (and summaries), e.g. one package's history across rebuilds",
    table: true,
    paged: true,
    query: lagQuery,
    check: needsRebuild,
    measure: (q) => lagOf(q),
  });

  getEndpoint(app, kit, {
    path: "/api/lag/summary",
    summary:
      "Update release lag's summaries alone (elscope lag --summary): per rebuild over everything, per release and per repository",
    table: true,
    csvRows: (answer) =>
      (answer as UpdateLagAnswer).summaries.map((s) => lagSummaryCsvRow(s, answer as UpdateLagAnswer)),
    query: lagQuery,
    check: needsRebuild,
    measure: async (q) => ({ ...(await lagOf(q, "none")), rows: undefined }),
  });

  getEndpoint(app, kit, {
    path: "/api/parity",
    summary: "Measured compatibility: upstream source builds each rebuild ships identical, modified or not at all",
    table: true,
    query: {
      upstream: p.upstream,
      ...p.rebuildSet("rebuilds, comma-separated", true),
      release: p.text({ description: "a release (9.4) or major (9)", required: true, example: "9" }),
      ...p.asOf,
    },
    check: needsRebuild,
    measure: (q) =>
      parityQuery(ctx(q.asOf), { upstream: upstreamOf(q), rebuilds: rebuildSetOf(q) ?? [], release: q.release ?? "" }),
  });

  getEndpoint(app, kit, {
    path: "/api/mirrors",
    summary:
      "Mirror networks: statistics per distribution (size, protocols, IPv6, geography, growth, health); as CSV, one row per distribution",
    table: true,
    query: { ...p.distroFilter, ...p.asOf },
    // As of a time before any list, "no data" (404), not an empty answer.
    measure: (q) => mirrorStatsQuery(ctx(q.asOf), { distros: filterOf(q), partial: q.asOf === undefined }),
  });

  getEndpoint(app, kit, {
    path: "/api/mirrors/list",
    summary: "The mirrors of each distribution's newest lists",
    table: true,
    paged: true,
    query: p.distroFilter,
    measure: async (q) => {
      const mirrors = await new MirrorStore(store.db).currentMirrors(filterOf(q));
      const rows = mirrors.map((m) => ({
        distro: m.distro,
        name: m.name,
        https: m.urls.https,
        http: m.urls.http,
        rsync: m.urls.rsync,
        ftp: m.urls.ftp,
        country: m.country,
        city: m.city,
        sponsor: m.sponsor,
        private: m.private,
        updateFrequencyHours: m.updateFrequencyHours,
        source: `${m.sourceKind} ${m.source}`,
        asOf: m.observedAt,
      }));
      return { rows };
    },
  });

  getEndpoint(app, kit, {
    path: "/api/images",
    summary: "Images per distribution and channel: types, releases, architectures, official and third-party",
    table: true,
    query: { ...p.distroFilter, ...p.asOf },
    measure: async (q) => {
      const answer = await imageMatrixQuery(ctx(q.asOf), { distros: filterOf(q), partial: q.asOf === undefined });
      return {
        ...answer,
        images: undefined,
        rows: answer.rows.map((r) => ({
          ...r,
          releases: r.releases.join(" "),
          arches: r.arches.join(" "),
          sources: r.sources.join("; "),
        })),
      };
    },
  });

  getEndpoint(app, kit, {
    path: "/api/popularity",
    summary: "Popularity series, each point with its source and date",
    table: true,
    paged: true,
    query: { ...p.distroFilter, metric: p.text({ description: "only this metric" }) },
    measure: async (q) => {
      const answer = await popularityQuery(ctx(), {
        distros: filterOf(q) ?? [],
        metrics: q.metric === undefined ? [] : [q.metric],
        partial: true,
      });
      return { ...answer, points: undefined, rows: answer.points };
    },
  });

  getEndpoint(app, kit, {
    path: "/api/facts",
    summary: "Sourced facts with their check dates; stale and unverified ones flagged",
    table: true,
    query: { ...p.distroFilter, staleDays: p.staleDays },
    measure: (q) =>
      Promise.resolve(
        factsQuery(catalog, { facts: opts.facts, distros: filterOf(q), staleDays: q.staleDays, now: new Date() }),
      ),
  });

  getEndpoint(app, kit, {
    path: "/api/repos",
    summary: "Synced repositories with snapshot count, binary and source package counts per architecture, and times",
    table: true,
    query: { ...p.asOf },
    measure: (q) => repositoriesQuery(ctx(q.asOf)),
  });

  getEndpoint(app, kit, {
    path: "/api/provenance",
    summary:
      "Build provenance of one distribution: builds per build-host domain, build system, packager and vendor per release, build-system changes, unexpected vendors and packagers, and the signature reads of a sample (elscope provenance --json); as CSV, one row per group of builds (elscope provenance --csv)",
    table: true,
    csvRows: (answer) => provenanceCsvRows(answer as ProvenanceAnswer),
    query: {
      distro: p.text({ description: "the distribution", required: true, example: "almalinux" }),
      release: p.text({ description: "only this release (9.4) or major (9)", example: "9" }),
    },
    measure: (q) =>
      provenanceQuery(ctx(), { distro: q.distro ?? "", ...(q.release === undefined ? {} : { release: q.release }) }),
  });

  getEndpoint(app, kit, {
    path: "/api/packages",
    summary: "The packages of the newest snapshot of each repository the key names",
    table: true,
    paged: true,
    query: {
      repo: p.repoPattern,
      name: p.text({ description: "only these package names, a glob as dnf takes it", example: "kernel*" }),
      ...p.asOf,
    },
    measure: (q) => packagesQuery(ctx(q.asOf), { key: q.repo, name: q.name }),
  });

  getEndpoint(app, kit, {
    path: "/api/trend/{metric}",
    summary:
      "A time series of a scorecard summary (elscope trend), each point measured as of then: package-lag, errata-lag, parity, package-counts, public-mirrors, mirror-freshness",
    table: true,
    params: {
      metric: z
        .enum(TREND_METRICS, {
          errorMap: (_, c) => ({ message: `no trend ${JSON.stringify(c.data)}; trends: ${TREND_METRICS.join(", ")}` }),
        })
        .openapi({ param: { description: "the summary followed", required: true }, example: "public-mirrors" }),
    },
    query: {
      ...p.distroFilter,
      upstream: p.upstream,
      release: p.text({ description: "parity: the release compared", example: "9" }),
      from: p.asOf.asOf.openapi({
        description: "the first day (default: where the history begins)",
        example: "2024-01-01",
      }),
      to: p.asOf.asOf.openapi({ description: "the last day or time (default: where it ends)", example: "2026-06-30" }),
      every: z
        .enum(["week", "month"])
        .optional()
        .openapi({ param: { description: "how often: week or month (the default)" }, example: "month" }),
    },
    measure: (q, path) =>
      trendQuery(ctx(), {
        metric: path.metric,
        facts: opts.facts,
        distros: filterOf(q) ?? [],
        ...(q.upstream === undefined ? {} : { upstream: q.upstream }),
        ...(q.release === undefined ? {} : { release: q.release }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(q.every === undefined ? {} : { every: q.every }),
      }),
  });

  getEndpoint(app, kit, {
    path: "/api/jobs",
    summary:
      "The job queue (PostgreSQL store): queued, active, failed and completed jobs with times, key, retries and last error",
    table: true,
    uncached: true,
    query: {},
    measure: () => jobsQuery(store),
  });

  alertsRoutes(app, opts, kit);
}
