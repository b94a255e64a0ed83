// The badges in process: each SVG and endpoint badge says the figure its use case (src/queries)
// answers, with a label naming it, and a grey "no data" where the store has none.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { mirrorStatsQuery } from "../src/queries/mirror-stats-query.js";
import { parityQuery } from "../src/queries/parity-query.js";
import { queryContext } from "../src/queries/query-context.js";
import { releaseLagQuery } from "../src/queries/release-lag-query.js";
import { updateLagQuery } from "../src/queries/update-lag-query.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import type { Store } from "../src/store/store.js";
import { buildServeStore } from "./helpers/serve-store.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { tempDir } from "./helpers/temp-dir.js";

const catalog = loadCatalog();
let dir: { path: string; remove: () => Promise<void> };
let store: Store;
let app: OpenAPIHono;

before(async () => {
  dir = await tempDir();
  store = await openSqliteStore(await buildServeStore(dir.path));
  app = readOnlyApp(store);
});
after(async () => {
  await store.close();
  await dir.remove();
});

interface Badge {
  readonly status: number;
  readonly type: string;
  readonly svg: string;
  /** badge-maker's own text of the badge, "label: message". */
  readonly text: string;
  readonly json: { readonly label: string; readonly message: string; readonly color: string };
}

async function badge(path: string): Promise<Badge> {
  const [base = "", query = ""] = path.split("?");
  const r = await app.request(`${base}.svg${query === "" ? "" : `?${query}`}`);
  const svg = await r.text();
  const json = (await (await app.request(path)).json()) as Badge["json"];
  const text = /<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? "";
  return { status: r.status, type: r.headers.get("content-type") ?? "", svg, text, json };
}

/** How a badge writes days: one decimal, "day" for exactly one. */
const days = (d: number): string => `${Math.round(d * 10) / 10} day${Math.round(d * 10) / 10 === 1 ? "" : "s"}`;

test("each metric as SVG and as endpoint JSON: one label and the value its query answers", async () => {
  const ctx = queryContext(store, catalog);
  const lag = await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"] });
  const lagMedian = lag.summaries.find((s) => s.groupBy === "distro" && s.group === "all")?.medianDays ?? null;
  assert.ok(lagMedian !== null, "the test store has a package lag to show");
  const release = (await releaseLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"] })).summaries.find(
    (s) => s.distro === "almalinux",
  )?.medianDays;
  assert.ok(release !== null && release !== undefined, "the test store has a release lag to show");
  const parity = (
    await parityQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9", span: "major" })
  ).rows.find((r) => r.repo === "all");
  assert.ok(parity?.missingShare !== null && parity?.missingShare !== undefined);
  const mirrors = (await mirrorStatsQuery(ctx, { distros: ["almalinux"], partial: true })).distros[0]?.mirrors.public;
  assert.ok(mirrors !== undefined && mirrors !== null);

  const expected: readonly [string, string, string][] = [
    ["package-lag", "almalinux median package lag, all releases", days(lagMedian)],
    ["release-lag", "almalinux median release lag", days(release)],
    ["parity", "almalinux parity, 9.x: builds shipped", `${Math.floor((1 - parity.missingShare) * 1000) / 10}%`],
    ["public-mirrors", "almalinux public mirrors", String(mirrors)],
  ];
  for (const [metric, label, message] of expected) {
    const b = await badge(`/api/badge/almalinux/${metric}`);
    assert.equal(b.status, 200, `${metric}: ${b.svg}`);
    assert.equal(b.type, "image/svg+xml; charset=utf-8");
    assert.match(b.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(b.text, `${label}: ${message}`, metric);
    assert.deepEqual([b.json.label, b.json.message], [label, message], `${metric}: the JSON says what the SVG does`);
  }
});

test("package lag of one release, and the one rule for no data: a grey 'no data' badge", async () => {
  const ctx = queryContext(store, catalog);
  const one = await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9.4" });
  const median = one.summaries.find((s) => s.groupBy === "distro" && s.group === "all")?.medianDays ?? null;
  assert.ok(median !== null);
  assert.equal(
    (await badge("/api/badge/almalinux/package-lag?release=9.4")).text,
    `almalinux median package lag, 9.4: ${days(median)}`,
  );
  // Rocky has nothing synced, and the store has no RHEL advisories: no figure, never a zero.
  for (const [path, label] of [
    ["/api/badge/rocky/package-lag", "rocky median package lag, all releases"],
    ["/api/badge/rocky/parity", "rocky parity: builds shipped"],
    ["/api/badge/rocky/public-mirrors", "rocky public mirrors"],
    ["/api/badge/almalinux/errata-lag", "almalinux median errata lag"],
    ["/api/badge/almalinux/advisory-lag", "almalinux median errata lag"],
  ] as const) {
    const b = await badge(path);
    assert.equal(b.status, 200, path);
    assert.equal(b.text, `${label}: no data`, path);
    assert.deepEqual([b.json.message, b.json.color], ["no data", "lightgrey"], path);
    assert.match(b.svg, /fill="#939393"/, `${path} is grey (badge-maker's lightgrey)`);
  }
});

test("an unknown distribution or metric is a 404 usage, other methods a 405, and the OpenAPI document lists both forms", async () => {
  for (const [path, words] of [
    ["/api/badge/nosuch/parity.svg", /no distribution "nosuch"/],
    ["/api/badge/almalinux/stars.svg", /no badge "stars"; badges: package-lag, errata-lag/],
  ] as const) {
    const r = await app.request(path);
    const body = (await r.json()) as { error: { kind: string; message: string } };
    assert.deepEqual([r.status, body.error.kind], [404, "usage"], path);
    assert.match(body.error.message, words);
  }
  const post = await app.request("/api/badge/almalinux/parity.svg", { method: "POST" });
  assert.deepEqual([post.status, post.headers.get("allow")], [405, "GET, HEAD"]);
  const doc = (await (await app.request("/api/openapi.json")).json()) as {
    paths: Record<string, { get?: { summary: string; responses: Record<string, { content?: object }> } }>;
  };
  const svg = doc.paths["/api/badge/{distro}/{metric}.svg"]?.get;
  assert.ok(svg !== undefined, "the SVG route is documented");
  assert.deepEqual(Object.keys(svg.responses["200"]?.content ?? {}), ["image/svg+xml"]);
  for (const metric of ["package-lag", "errata-lag", "release-lag", "parity", "public-mirrors"])
    assert.ok(svg.summary.includes(metric), metric);
  assert.ok(doc.paths["/api/badge/{distro}/{metric}"]?.get !== undefined, "the endpoint JSON stays");
});
