import { median } from "../analyze/update-lag.js";
import { factFreshness } from "../analyze/fact-freshness.js";
import { defaultUpstream } from "../catalog/default-upstream.js";
import { STALE_DAYS } from "../catalog/defaults.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import { parseRepoKey } from "../catalog/repo-key.js";
import { NoDataError } from "../errors/no-data-error.js";
import { commaList } from "../format/comma-list.js";
import { advisoryLagQuery } from "../queries/advisory-lag-query.js";
import { imageMatrixQuery } from "../queries/image-matrix-query.js";
import { mirrorStatsQuery } from "../queries/mirror-stats-query.js";
import { parityQuery } from "../queries/parity-query.js";
import { type QueryContext, queryContext } from "../queries/query-context.js";
import { releaseLagQuery } from "../queries/release-lag-query.js";
import { updateLagQuery } from "../queries/update-lag-query.js";
import { buildReport } from "../report/build-report.js";
import { ImageStore } from "../store/image-store.js";
import { MirrorStore } from "../store/mirror-store.js";
import type { Store } from "../store/store.js";
import { ApiError } from "./api-error.js";
import { countBadge, daysBadge } from "./shields-badge.js";

/** What a route handler gets. */
export interface RouteContext {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly facts: readonly LoadedFact[];
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
}

/** One GET endpoint of the API, described for OpenAPI and dispatched by path. */
export interface ApiRoute {
  /** OpenAPI path template, e.g. /api/badge/{distro}/{metric}. */
  readonly path: string;
  readonly summary: string;
  readonly query: readonly { readonly name: string; readonly description: string; readonly required?: boolean }[];
  /** Endpoints answering with `rows` also answer as CSV (?format=csv). */
  readonly table: boolean;
  readonly handler: (ctx: RouteContext) => Promise<unknown>;
}

const csvList = (v: string | null): string[] => [...commaList(v)];

/** Distribution ids from a comma-list parameter, each checked against the catalog. */
function idsOf(ctx: RouteContext, name: string): string[] {
  const ids = csvList(ctx.query.get(name));
  for (const id of ids) {
    if (!ctx.catalog.distros.some((d) => d.id === id)) throw new ApiError(400, "usage", `no distribution "${id}"`);
  }
  return ids;
}

/** The distribution filter: `?distro=` (the CLI's `--distro`); `distros` is the older spelling. */
function distrosOf(ctx: RouteContext): string[] {
  const ids = idsOf(ctx, "distro");
  return ids.length > 0 ? ids : idsOf(ctx, "distros");
}

function required(ctx: RouteContext, name: string): string {
  const v = ctx.query.get(name);
  if (v === null || v === "") throw new ApiError(400, "usage", `the query parameter "${name}" is required`);
  return v;
}

/** Runs a store query whose ElscopeErrors mean "no data": a 404 with the message (which names the command to run). */
async function orNoData<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NoDataError) throw new ApiError(404, "no-data", e.message);
    throw e;
  }
}

const UPSTREAM = { name: "upstream", description: "the reference distribution (default: the catalog's upstream)" };

const qctx = (ctx: RouteContext): QueryContext => queryContext(ctx.store, ctx.catalog);

/** `?upstream=`, else the catalog's upstream. */
function upstreamOf(ctx: RouteContext): string {
  const given = ctx.query.get("upstream");
  if (given === null || given === "") return defaultUpstream(ctx.catalog);
  if (!ctx.catalog.distros.some((d) => d.id === given)) throw new ApiError(400, "usage", `no distribution "${given}"`);
  return given;
}

/** The set of rebuilds: `?rebuild=` (the CLI's `--rebuild`); `rebuilds` and `distros` are older spellings. */
function rebuildsParam(ctx: RouteContext): string[] {
  for (const name of ["rebuild", "rebuilds", "distros", "distro"]) {
    const ids = idsOf(ctx, name);
    if (ids.length > 0) return ids;
  }
  return [];
}

/** The median errata lag of `rebuild`, or null when the store has none of its advisories. */
async function advisoryMedian(ctx: RouteContext, rebuild: string, upstream: string): Promise<number | null> {
  try {
    const { summaries } = await advisoryLagQuery(qctx(ctx), { rebuild, upstream });
    return summaries.find((s) => s.groupBy === "all")?.medianDays ?? null;
  } catch (e) {
    if (e instanceof NoDataError) return null;
    throw e;
  }
}

/** Every GET endpoint, in the order the OpenAPI document lists them. */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    path: "/api/report",
    summary: "The whole comparison: every section with sources and as-of times, and the scorecard",
    query: [{ name: "rebuild", description: "distributions to compare, comma-separated" }, UPSTREAM],
    table: false,
    handler: async (ctx) => {
      const upstream = upstreamOf(ctx);
      const given = rebuildsParam(ctx);
      const distros = given.length > 0 ? given : rebuildsOf(ctx.catalog, upstream);
      return buildReport({
        catalog: ctx.catalog,
        store: ctx.store,
        facts: ctx.facts,
        upstream,
        distros,
        now: new Date(),
      });
    },
  },
  {
    path: "/api/release-lag",
    summary:
      "Initial release lag: days from the upstream's GA of each minor to each rebuild's, with every source's date",
    query: [
      UPSTREAM,
      { name: "rebuild", description: "rebuilds, comma-separated (default: every rebuild of the upstream)" },
    ],
    table: true,
    handler: async (ctx) => releaseLagQuery(qctx(ctx), { upstream: upstreamOf(ctx), rebuilds: rebuildsParam(ctx) }),
  },
  {
    path: "/api/advisories",
    summary: "Advisory lag summaries (all, per year, major, severity, type) of one rebuild",
    query: [{ name: "rebuild", description: "the rebuild", required: true }, UPSTREAM],
    table: true,
    handler: async (ctx) => {
      const rebuild = rebuildsParam(ctx)[0] ?? required(ctx, "rebuild");
      return orNoData(() => advisoryLagQuery(qctx(ctx), { rebuild, upstream: upstreamOf(ctx) }));
    },
  },
  {
    path: "/api/lag",
    summary: "Update release lag per upstream build (and summaries), e.g. one package's history across rebuilds",
    query: [
      UPSTREAM,
      { name: "rebuild", description: "rebuilds, comma-separated", required: true },
      { name: "release", description: "an upstream release (9.4) or major (9)" },
      { name: "package", description: "one source package, e.g. kernel" },
    ],
    table: true,
    handler: async (ctx) => {
      const rebuilds = rebuildsParam(ctx);
      if (rebuilds.length === 0) throw new ApiError(400, "usage", 'the query parameter "rebuild" is required');
      const pkg = ctx.query.get("package");
      return orNoData(() =>
        updateLagQuery(qctx(ctx), {
          upstream: upstreamOf(ctx),
          rebuilds,
          release: ctx.query.get("release") ?? undefined,
          package: pkg === null || pkg === "" ? undefined : pkg,
        }),
      );
    },
  },
  {
    path: "/api/parity",
    summary: "Measured compatibility: upstream source builds each rebuild ships identical, modified or not at all",
    query: [
      UPSTREAM,
      { name: "rebuild", description: "rebuilds, comma-separated", required: true },
      { name: "release", description: "a release (9.4) or major (9)", required: true },
    ],
    table: true,
    handler: async (ctx) => {
      const rebuilds = rebuildsParam(ctx);
      if (rebuilds.length === 0) throw new ApiError(400, "usage", 'the query parameter "rebuild" is required');
      const release = required(ctx, "release");
      return orNoData(() => parityQuery(qctx(ctx), { upstream: upstreamOf(ctx), rebuilds, release }));
    },
  },
  {
    path: "/api/mirrors",
    summary: "Mirror networks: statistics per distribution (size, protocols, IPv6, geography, growth, health)",
    query: [{ name: "distro", description: "distributions, comma-separated" }],
    table: false,
    handler: async (ctx) => mirrorStatsQuery(qctx(ctx), { distros: distrosOf(ctx), partial: true }),
  },
  {
    path: "/api/mirrors/list",
    summary: "The mirrors of each distribution's newest lists",
    query: [{ name: "distro", description: "distributions, comma-separated" }],
    table: true,
    handler: async (ctx) => {
      const ids = distrosOf(ctx);
      const rows = (await new MirrorStore(ctx.store.db).currentMirrors(ids.length > 0 ? ids : undefined)).map((m) => ({
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
  },
  {
    path: "/api/images",
    summary: "Images per distribution and channel: types, releases, architectures, official and third-party",
    query: [{ name: "distro", description: "distributions, comma-separated" }],
    table: true,
    handler: async (ctx) => {
      const answer = await imageMatrixQuery(qctx(ctx), { distros: distrosOf(ctx), partial: true });
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
  },
  {
    path: "/api/popularity",
    summary: "Popularity series, each point with its source and date",
    query: [
      { name: "distro", description: "distributions, comma-separated" },
      { name: "metric", description: "one metric" },
    ],
    table: true,
    handler: async (ctx) => {
      const ids = distrosOf(ctx);
      const metric = ctx.query.get("metric");
      const points = await new ImageStore(ctx.store.db).popularity(ids.length > 0 ? ids : undefined);
      return { rows: points.filter((p) => metric === null || p.metric === metric) };
    },
  },
  {
    path: "/api/facts",
    summary: "Sourced facts with their check dates; stale and unverified ones flagged",
    query: [
      { name: "distro", description: "distributions, comma-separated" },
      { name: "staleDays", description: `default ${STALE_DAYS}` },
    ],
    table: true,
    handler: (ctx) => {
      const ids = distrosOf(ctx);
      const stale = Number(ctx.query.get("staleDays") ?? String(STALE_DAYS));
      if (!Number.isInteger(stale) || stale < 0) throw new ApiError(400, "usage", "staleDays wants a whole number");
      const rows = factFreshness(ctx.facts, new Date(), stale)
        .filter((f) => ids.length === 0 || ids.includes(f.distro))
        .map((f) => ({ ...f, value: typeof f.value === "string" ? f.value : f.value.join("; "), file: undefined }));
      return Promise.resolve({ rows });
    },
  },
  {
    path: "/api/repos",
    summary: "Synced repositories with package counts and times",
    query: [],
    table: true,
    handler: async (ctx) => ({ rows: await ctx.store.listRepositories() }),
  },
  {
    path: "/api/packages",
    summary: "The packages of one repository's newest snapshot",
    query: [
      { name: "repo", description: "distro:release/repo/arch", required: true },
      { name: "name", description: "only this package name" },
    ],
    table: true,
    handler: async (ctx) => {
      let key;
      try {
        key = parseRepoKey(required(ctx, "repo"));
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(400, "usage", (e as Error).message);
      }
      const name = ctx.query.get("name");
      const rows = await ctx.store.listPackages(key, name === null || name === "" ? {} : { name });
      if (rows === null)
        throw new ApiError(404, "no-data", `no snapshot of ${ctx.query.get("repo")}: run \`elscope sync\` first`);
      return { rows };
    },
  },
  {
    path: "/api/badge/{distro}/{metric}",
    summary: "A shields.io endpoint badge: advisory-lag, release-lag (median days) or public-mirrors",
    query: [UPSTREAM],
    table: false,
    handler: async (ctx) => {
      const distro = ctx.params["distro"] ?? "";
      const metric = ctx.params["metric"] ?? "";
      if (!ctx.catalog.distros.some((d) => d.id === distro))
        throw new ApiError(404, "usage", `no distribution "${distro}"`);
      const upstream = upstreamOf(ctx);
      if (metric === "advisory-lag")
        return daysBadge(`${distro} advisory lag`, await advisoryMedian(ctx, distro, upstream));
      if (metric === "release-lag") {
        const { rows } = await releaseLagQuery(qctx(ctx), { upstream, rebuilds: [distro] });
        const lags = rows
          .map((r) => r.lagDays)
          .filter((x): x is number => x !== null)
          .sort((a, b) => a - b);
        return daysBadge(`${distro} release lag`, median(lags));
      }
      if (metric === "public-mirrors") {
        const { distros } = await mirrorStatsQuery(qctx(ctx), { distros: [distro], partial: true });
        return countBadge(`${distro} mirrors`, distros[0]?.mirrors.public ?? null);
      }
      throw new ApiError(404, "usage", `no badge "${metric}"; badges: advisory-lag, release-lag, public-mirrors`);
    },
  },
];
