import { computeAdvisoryLag, summarizeAdvisoryLag } from "../analyze/advisory-lag.js";
import { BuildMatcher } from "../analyze/build-matcher.js";
import { factFreshness } from "../analyze/fact-freshness.js";
import { imageMatrix } from "../analyze/image-matrix.js";
import { matchRules } from "../analyze/match-rules.js";
import { mirrorStats } from "../analyze/mirror-stats.js";
import { computeParity } from "../analyze/parity.js";
import { computeReleaseLag } from "../analyze/release-lag.js";
import { computeUpdateLag, median, summarizeLag } from "../analyze/update-lag.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { parseRepoKey } from "../catalog/repo-key.js";
import { buildsOf, releasesInStore } from "../store/builds-in-store.js";
import { commaList } from "../format/comma-list.js";
import { rebuildsOf } from "../catalog/rebuilds-of.js";
import { NoDataError } from "../errors/no-data-error.js";
import { buildReport } from "../report/build-report.js";
import { ImageStore } from "../store/image-store.js";
import { MirrorStore } from "../store/mirror-store.js";
import { releaseDatesInStore } from "../store/release-dates-in-store.js";
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

function distrosOf(ctx: RouteContext, name = "distros"): string[] {
  const ids = csvList(ctx.query.get(name));
  for (const id of ids) {
    if (!ctx.catalog.distros.some((d) => d.id === id)) throw new ApiError(400, "usage", `no distribution "${id}"`);
  }
  return ids;
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

const UPSTREAM = { name: "upstream", description: "the reference distribution (default rhel)" };

/** Advisory lag summaries of `distro`, or null when the store has none of its advisories. */
async function advisorySummaries(ctx: RouteContext, distro: string, upstream: string) {
  const mine = await ctx.store.advisories(distro);
  if (mine.length === 0) return null;
  const matcher = new BuildMatcher([], matchRules(ctx.catalog, distro, upstream));
  return summarizeAdvisoryLag(computeAdvisoryLag(mine, await ctx.store.advisories(upstream), (r) => matcher.unmark(r)));
}

/** Every GET endpoint, in the order the OpenAPI document lists them. */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    path: "/api/report",
    summary: "The whole comparison: every section with sources and as-of times, and the scorecard",
    query: [{ name: "distros", description: "distributions to compare, comma-separated" }, UPSTREAM],
    table: false,
    handler: async (ctx) => {
      const upstream = ctx.query.get("upstream") ?? "rhel";
      const given = distrosOf(ctx);
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
      { name: "distros", description: "rebuilds, comma-separated (default: every rebuild of the upstream)" },
    ],
    table: true,
    handler: async (ctx) => {
      const upstreamId = ctx.query.get("upstream") ?? "rhel";
      const up = ctx.catalog.distros.find((d) => d.id === upstreamId);
      if (up === undefined) throw new ApiError(400, "usage", `no distribution "${upstreamId}"`);
      const ids = distrosOf(ctx);
      const wanted = ids.length > 0 ? ids : rebuildsOf(ctx.catalog, upstreamId);
      const rebuilds = ctx.catalog.distros.filter((d) => wanted.includes(d.id));
      const rows = computeReleaseLag(await releaseDatesInStore(ctx.store, ctx.catalog), up, rebuilds, "announcement");
      return { upstream: upstreamId, gaConvention: "announcement", rows };
    },
  },
  {
    path: "/api/advisories",
    summary: "Advisory lag summaries (all, per year, major, severity, type) of one rebuild",
    query: [{ name: "distro", description: "the rebuild", required: true }, UPSTREAM],
    table: true,
    handler: async (ctx) => {
      const distro = distrosOf(ctx, "distro")[0] ?? required(ctx, "distro");
      const upstream = ctx.query.get("upstream") ?? "rhel";
      const rows = await advisorySummaries(ctx, distro, upstream);
      if (rows === null) {
        throw new ApiError(
          404,
          "no-data",
          `no advisories of ${distro}: run \`elscope import osv <repository> --distro ${distro}\``,
        );
      }
      return { distro, upstream, rows };
    },
  },
  {
    path: "/api/lag",
    summary: "Update release lag per upstream build (and summaries), e.g. one package's history across rebuilds",
    query: [
      UPSTREAM,
      { name: "rebuilds", description: "rebuilds, comma-separated", required: true },
      { name: "release", description: "an upstream release (9.4) or major (9)" },
      { name: "package", description: "one source package, e.g. kernel" },
    ],
    table: true,
    handler: async (ctx) => {
      const upstream = ctx.query.get("upstream") ?? "rhel";
      const rebuilds = distrosOf(ctx, "rebuilds");
      if (rebuilds.length === 0) throw new ApiError(400, "usage", 'the query parameter "rebuilds" is required');
      const release = ctx.query.get("release") ?? undefined;
      const pkg = ctx.query.get("package");
      const major = release?.split(".")[0];
      return orNoData(async () => {
        const name = pkg === null || pkg === "" ? undefined : pkg;
        let ups = await buildsOf(ctx.store, upstream, await releasesInStore(ctx.store, upstream, major), name);
        if (release !== undefined) ups = ups.filter((b) => b.releases.includes(release));
        if (pkg !== null && pkg !== "") ups = ups.filter((b) => b.name === pkg);
        const inputs = [];
        for (const id of rebuilds) {
          inputs.push({
            id,
            builds: await buildsOf(ctx.store, id, await releasesInStore(ctx.store, id, major), name),
            rules: matchRules(ctx.catalog, id, upstream),
          });
        }
        const lag = computeUpdateLag(ups, inputs, "file");
        const rows = lag.flatMap((r) =>
          rebuilds.map((id) => ({
            package: r.package,
            upstreamBuild: r.upstreamBuild,
            upstreamRelease: r.upstreamRelease,
            upstreamTime: r.upstreamTime,
            rebuild: id,
            status: r.rebuilds[id]?.status ?? null,
            build: r.rebuilds[id]?.build ?? null,
            time: r.rebuilds[id]?.time ?? null,
            lagDays: r.rebuilds[id]?.lagDays ?? null,
          })),
        );
        return { upstream, rebuilds, release: release ?? null, rows, summaries: summarizeLag(lag, rebuilds) };
      });
    },
  },
  {
    path: "/api/parity",
    summary: "Measured compatibility: upstream source builds each rebuild ships identical, modified or not at all",
    query: [
      UPSTREAM,
      { name: "rebuilds", description: "rebuilds, comma-separated", required: true },
      { name: "release", description: "a release (9.4) or major (9)", required: true },
    ],
    table: true,
    handler: async (ctx) => {
      const upstream = ctx.query.get("upstream") ?? "rhel";
      const rebuilds = distrosOf(ctx, "rebuilds");
      const release = required(ctx, "release");
      return orNoData(async () => {
        const up = await buildsOf(ctx.store, upstream, [release]);
        const inputs = [];
        for (const id of rebuilds) {
          inputs.push({
            id,
            builds: await buildsOf(ctx.store, id, [release]),
            rules: matchRules(ctx.catalog, id, upstream),
          });
        }
        const p = computeParity(up, inputs);
        const rows = [...p.rows, p.total].flatMap((row) =>
          rebuilds.map((id) => ({
            repo: row.repo,
            rebuild: id,
            upstreamBuilds: row.upstreamBuilds,
            ...row.rebuilds[id],
          })),
        );
        return { upstream, rebuilds, release, rows };
      });
    },
  },
  {
    path: "/api/mirrors",
    summary: "Mirror networks: statistics per distribution (size, protocols, IPv6, geography, growth, health)",
    query: [{ name: "distros", description: "comma-separated" }],
    table: false,
    handler: async (ctx) => {
      const mirrors = new MirrorStore(ctx.store.db);
      const ids = distrosOf(ctx);
      const current = await mirrors.currentMirrors(ids.length > 0 ? ids : undefined);
      const distros = [...new Set(current.map((m) => m.distro))].sort();
      const snapshots = await mirrors.snapshots(distros);
      const out = [];
      for (const d of distros) out.push(mirrorStats(d, current, snapshots, await mirrors.probeHistory(d, 5)));
      return { distros: out };
    },
  },
  {
    path: "/api/mirrors/list",
    summary: "The mirrors of each distribution's newest lists",
    query: [{ name: "distros", description: "comma-separated" }],
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
    query: [{ name: "distros", description: "comma-separated" }],
    table: true,
    handler: async (ctx) => {
      const ids = distrosOf(ctx);
      const images = await new ImageStore(ctx.store.db).currentImages(ids.length > 0 ? ids : undefined);
      return {
        rows: imageMatrix(ctx.catalog.distros, images).map((r) => ({
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
      { name: "distros", description: "comma-separated" },
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
      { name: "distros", description: "comma-separated" },
      { name: "staleDays", description: "default 180" },
    ],
    table: true,
    handler: (ctx) => {
      const ids = distrosOf(ctx);
      const stale = Number(ctx.query.get("staleDays") ?? "180");
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
      const upstream = ctx.query.get("upstream") ?? "rhel";
      if (metric === "advisory-lag") {
        const all = (await advisorySummaries(ctx, distro, upstream))?.find((s) => s.groupBy === "all");
        return daysBadge(`${distro} advisory lag`, all?.medianDays ?? null);
      }
      if (metric === "release-lag") {
        const up = ctx.catalog.distros.find((d) => d.id === upstream);
        const me = ctx.catalog.distros.find((d) => d.id === distro);
        if (up === undefined || me === undefined) throw new ApiError(400, "usage", "unknown distribution");
        const lags = computeReleaseLag(await releaseDatesInStore(ctx.store, ctx.catalog), up, [me], "announcement")
          .map((r) => r.lagDays)
          .filter((x): x is number => x !== null)
          .sort((a, b) => a - b);
        return daysBadge(`${distro} release lag`, median(lags));
      }
      if (metric === "public-mirrors") {
        const mirrors = new MirrorStore(ctx.store.db);
        const current = await mirrors.currentMirrors([distro]);
        if (current.length === 0) return countBadge(`${distro} mirrors`, null);
        return countBadge(`${distro} mirrors`, mirrorStats(distro, current, [], []).mirrors.public);
      }
      throw new ApiError(404, "usage", `no badge "${metric}"; badges: advisory-lag, release-lag, public-mirrors`);
    },
  },
];
