import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { trendPoints } from "../src/analyze/trend-points.js";
import { openStore } from "../src/store/open-store.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { queryContext } from "../src/queries/query-context.js";
import { trendQuery } from "../src/queries/trend-query.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";
import { mirrorListHistory } from "./helpers/mirror-list-history.js";

interface Trend {
  metric: string;
  every: string;
  points: string[];
  rows: { point: string; subject: string; value: number | null; unit: string; n: number; source: string }[];
  events: { date: string; topic: string }[];
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;

before(async () => {
  dir = await tempDir();
  // A mirror list's history: 1 mirror in January, 3 in February, 2 from March.
  db = join(dir.path, "trend.db");
  await mirrorListHistory(dir.path, db);
});
after(() => dir.remove());

test("trend points: month and week ends between from and to, the last one at to", () => {
  assert.deepEqual(
    trendPoints(new Date("2025-01-10T00:00:00Z"), new Date("2025-03-05T00:00:00Z"), "month").map((d) =>
      d.toISOString(),
    ),
    ["2025-01-31T23:59:59.999Z", "2025-02-28T23:59:59.999Z", "2025-03-05T00:00:00.000Z"],
  );
  // 2025-01-01 is a Wednesday: its ISO week ends Sunday the 5th.
  assert.deepEqual(
    trendPoints(new Date("2025-01-01T00:00:00Z"), new Date("2025-01-12T23:59:59.999Z"), "week").map((d) =>
      d.toISOString(),
    ),
    ["2025-01-05T23:59:59.999Z", "2025-01-12T23:59:59.999Z"],
  );
  assert.deepEqual(trendPoints(new Date("2025-02-01"), new Date("2025-01-01"), "month"), []);
});

test("elscope trend public-mirrors: each month's count is the list committed by its end", async () => {
  const t = await runCliJson<Trend>(["--db", db, "trend", "public-mirrors", "--json"]);
  assert.equal(t.every, "month");
  assert.deepEqual(
    t.rows.map((r) => [r.point, r.subject, r.value]),
    [
      ["2024-01-31T23:59:59.999Z", "almalinux", 1],
      ["2024-02-29T23:59:59.999Z", "almalinux", 3],
      // The history ends with its last commit: the last point is that instant.
      ["2024-03-10T10:00:00.000Z", "almalinux", 2],
    ],
  );
  assert.ok(t.rows.every((r) => r.unit === "public mirrors" && r.source.startsWith("almalinux-mirrors ")));
  // Weekly, from a day before the first commit: no row before the data begins.
  const w = await runCliJson<Trend>([
    "--db",
    db,
    "trend",
    "public-mirrors",
    "--every",
    "week",
    "--from",
    "2024-01-01",
    "--to",
    "2024-01-21",
    "--json",
  ]);
  assert.deepEqual(
    w.rows.map((r) => [r.point.slice(0, 10), r.value]),
    [
      ["2024-01-14", 1],
      ["2024-01-21", 1],
    ],
  );
  assert.equal(w.points.length, 3);
  const csv = await runCli(["--db", db, "trend", "public-mirrors", "--csv"]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stdout, /^point,metric,subject,value,unit,clock,source,n\r\n/);
  const text = await runCli(["--db", db, "trend", "public-mirrors"]);
  assert.match(text.stdout, /2024-02-29 +almalinux +3 +public mirrors/);
});

test("trend: no history is no data, unknown metrics and periods are usage errors; the API answers alike", async () => {
  const lag = await runCli(["--db", db, "trend", "package-lag"]);
  assert.equal(lag.code, 6, lag.stderr);
  assert.match(lag.stderr, /no history for the package-lag trend/);
  assert.equal((await runCli(["--db", db, "trend", "speed"])).code, 2);
  assert.equal((await runCli(["--db", db, "trend", "public-mirrors", "--every", "day"])).code, 2);
  assert.equal((await runCli(["--db", db, "trend", "parity"])).code, 2, "parity needs a release");
  const store = await openStore(db);
  try {
    const app = readOnlyApp(store);
    const res = await app.request("/api/trend/public-mirrors?every=month");
    assert.equal(res.status, 200);
    const t = (await res.json()) as Trend;
    assert.deepEqual(
      t.rows.map((r) => r.value),
      [1, 3, 2],
    );
    // The shipped facts date Red Hat's 2023 source-policy change: outside this range, no event.
    assert.deepEqual(t.events, []);
    // An unknown metric names no trend: the path is not found, and says which trends there are.
    const speed = await app.request("/api/trend/speed");
    assert.equal(speed.status, 404);
    assert.match(await speed.text(), /public-mirrors/);
    assert.equal((await app.request("/api/trend/package-lag")).status, 404);
  } finally {
    await store.close();
  }
  const wide = await runCliJson<Trend>([
    "--db",
    db,
    "trend",
    "public-mirrors",
    "--from",
    "2023-05-01",
    "--to",
    "2023-07-31",
    "--json",
  ]);
  assert.deepEqual(wide.rows, [], "before the list's history: no rows");
  assert.deepEqual(
    wide.events.map((e) => [e.date, e.topic]),
    [["2023-06-21", "upstream-source"]],
  );
});

test("minPoints: a range with fewer points is not measured (the report's one-month trends cost nothing)", async () => {
  const store = await openStore(db);
  try {
    const ctx = queryContext(store, loadCatalog(), new Date());
    const all = await trendQuery(ctx, { metric: "public-mirrors", minPoints: 3 });
    assert.equal(all.points.length, 3);
    assert.equal(all.rows.length, 3);
    const skipped = await trendQuery(ctx, { metric: "public-mirrors", minPoints: 4 });
    assert.deepEqual(skipped.points, all.points);
    assert.deepEqual(skipped.rows, []);
  } finally {
    await store.close();
  }
});
