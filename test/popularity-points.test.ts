import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { buildReport } from "../src/report/build-report.js";
import { echartsSvg } from "../src/report/echarts-svg.js";
import type { TimeChart } from "../src/report/report-model.js";
import { PROXY_NOTE } from "../src/report/sections/popularity-section.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { DIALECTS, freshStore } from "./helpers/dialects.js";
import { assertGolden } from "./helpers/golden.js";
import { importFixtureData } from "./helpers/fixture-store.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/popularity-csv/", import.meta.url));
const DATA = fileURLToPath(new URL("../../data/popularity/", import.meta.url));
const SOURCED = join(FIXTURES, "sourced-milestones-with-quoted-notes.csv");
const HEADER = "date,metric,value,subject,source,note";
const GOOD = "2021-08-13,container-pulls,50000,docker.io/library/almalinux,https://example.org/a,";

interface Point {
  distro: string;
  metric: string;
  subject: string;
  date: string;
  value: number;
  source: string;
  note: string | null;
}

let dir: { path: string; remove: () => Promise<void> };
before(async () => (dir = await tempDir()));
after(async () => dir.remove());

const points = async (db: string): Promise<Point[]> =>
  (await runCliJson<{ rows: Point[] }>(["--db", db, "popularity", "--json"])).rows;

test("a point without a source or a date, or with a bad number, is refused with its file and line; nothing of the file is stored", async () => {
  const db = join(dir.path, "refusals.db");
  const ok = await runCli(["--db", db, "import", "popularity-csv", SOURCED, "--distro", "almalinux"]);
  assert.equal(ok.code, 0, ok.stderr);
  const before = await points(db);
  const cases: [string, string, RegExp][] = [
    ["no-source", "2021-09-13,container-pulls,100000,docker.io/library/almalinux,,", /line 3: no source/],
    ["no-date", ",container-pulls,100000,docker.io/library/almalinux,https://example.org/b,", /line 3: no date/],
    [
      "bad-date",
      "2021-13-40,container-pulls,1,x,https://example.org/b,",
      /line 3: date "2021-13-40" is not YYYY-MM-DD/,
    ],
    [
      "bad-number",
      "2021-09-13,container-pulls,100K+,x,https://example.org/b,",
      /line 3: value "100K\+" is not a number/,
    ],
    ["negative", "2021-09-13,container-pulls,-1,x,https://example.org/b,", /line 3: value "-1" is not a number of 0/],
    [
      "not-a-url",
      "2021-09-13,container-pulls,1,x,the openlogic blog,",
      /line 3: source "the openlogic blog" is not an http/,
    ],
    [
      "unquoted-comma",
      "2021-09-13,container-pulls,1,x,https://example.org/b,a, b",
      /line 3: 7 fields, the header has 6/,
    ],
  ];
  for (const [name, row, problem] of cases) {
    const file = join(dir.path, `${name}.csv`);
    await writeFile(file, `${HEADER}\n${GOOD}\n${row}\n`);
    const r = await runCli(["--db", db, "import", "popularity-csv", file, "--distro", "almalinux"]);
    assert.equal(r.code, 5, `${name}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `${name}: one line, no stack: ${r.stderr}`);
    assert.match(lines[0] ?? "", new RegExp(`^elscope: almalinux:popularity-csv: .*${name}\\.csv: `), name);
    assert.match(lines[0] ?? "", problem, name);
  }
  // The good first rows of the refused files were not stored either.
  assert.deepEqual(await points(db), before);
  assert.ok(!before.some((p) => p.source.startsWith("https://example.org/")));
});

test("a file without a source column keeps the import's own source for each point", async () => {
  const db = join(dir.path, "unsourced.db");
  const file = join(FIXTURES, "distrowatch-style-ranking.csv");
  await runCliJson(["--db", db, "import", "popularity-csv", file, "--distro", "almalinux", "--json"]);
  const rows = await points(db);
  assert.deepEqual(
    rows.map((p) => [p.date, p.source, p.note]),
    [
      ["2024-01-01", file, null],
      ["2025-01-01", file, null],
    ],
  );
});

test("the repository's popularity files import cleanly through the CLI: every point dated, with its page", async () => {
  const files = (await readdir(DATA)).filter((f) => f.endsWith(".csv")).sort();
  assert.ok(files.length > 0, "data/popularity/ has a file");
  for (const f of files) {
    const db = join(dir.path, `data-${f}.db`);
    const distro = f.replace(/\.csv$/, "");
    const rows = (await readFile(join(DATA, f), "utf8")).trim().split("\n").length - 1;
    const r = await runCliJson<{ counts: number; warnings: number }>([
      "--db",
      db,
      "import",
      "popularity-csv",
      join(DATA, f),
      "--distro",
      distro,
      "--json",
    ]);
    assert.deepEqual([r.counts, r.warnings], [rows, 0], f);
    const stored = await points(db);
    assert.equal(stored.length, rows, f);
    for (const p of stored) {
      assert.match(p.source, /^https?:\/\/\S+$/, `${f}: ${p.metric} ${p.date}`);
      assert.match(p.date, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(p.distro, distro);
    }
  }
});

test("the popularity section renders from a small fixture: a chart per series, a lone point as a point, the proxy caveat", async () => {
  const db = join(dir.path, "section.db");
  await runCliJson(["--db", db, "import", "popularity-csv", SOURCED, "--distro", "almalinux", "--json"]);
  const out = join(dir.path, "section-out");
  const r = await runCli(["--db", db, "report", "--distros", "almalinux", "--out", out, "--format", "md,html,json"]);
  assert.equal(r.code, 0, r.stderr);
  const model = JSON.parse(await readFile(join(out, "elscope-report.json"), "utf8")) as {
    sections: { id: string; text: string[]; charts: TimeChart[]; noData: unknown[] }[];
  };
  const s = model.sections.find((x) => x.id === "popularity");
  assert.deepEqual(s?.text, [PROXY_NOTE]);
  assert.match(PROXY_NOTE, /proxies of interest, not of use or adoption/);
  assert.deepEqual(s?.noData, []);
  assert.deepEqual(
    s?.charts.map((c) => [c.kind, c.title, c.series.map((x) => [x.name, x.points.length])]),
    [
      ["time", "container-pulls: docker.io/library/almalinux", [["almalinux", 2]]],
      ["time", "mirrorlist-systems: AlmaLinux mirrorlist", [["almalinux", 1]]],
    ],
  );
  const md = await readFile(join(out, "elscope-report.md"), "utf8");
  const part = md.slice(md.indexOf("## Popularity"), md.indexOf("\n## ", md.indexOf("## Popularity") + 1) + 1);
  assertGolden("report/popularity-section.md", part);
  // HTML: each series a chart; each cited page's address beside its points, as text (a report makes
  // no link of a source: test/report.test.ts).
  const html = await readFile(join(out, "elscope-report.html"), "utf8");
  const sec = html.slice(
    html.indexOf('<section id="popularity">'),
    html.indexOf("</section>", html.indexOf('id="popularity"')),
  );
  assert.equal(sec.match(/<figure>/g)?.length, 2);
  assert.ok(sec.includes("<td>https://almalinux.org/blog/2023-12-14-2023-highlights/</td>"));
});

test("a lone point is drawn as a point, two points as a line through them", () => {
  const chart = (values: number[]): TimeChart => ({
    kind: "time",
    title: "pulls",
    unit: "count",
    series: [{ name: "almalinux", points: values.map((value, i) => ({ date: `2021-0${i + 1}-01`, value })) }],
  });
  // A series' line is an unfilled path in its colour; its points are filled symbols.
  const lines = (svg: string) => (svg.match(/<path [^>]*fill="none"[^>]*stroke="#0072B2"[^>]*>/g) ?? []).length;
  const one = echartsSvg(chart([750000]), "one");
  const two = echartsSvg(chart([50000, 100000]), "two");
  assert.equal(lines(one), 0);
  assert.ok(/ecmeta_data_index="0"/.test(one), "the point is drawn");
  assert.equal(lines(two), 1);
  assert.equal(echartsSvg(chart([50000, 100000]), "two"), two, "the same bytes twice");
});

test("popularity never changes a score: the scorecard is the same with and without the points", async () => {
  const db = join(dir.path, "scores.db");
  await importFixtureData(db, dir.path, { mirrors: "2026-07-15", amis: "2026-08-17" });
  const catalog = loadCatalog();
  const now = new Date("2026-09-01T00:00:00Z");
  const build = async () => {
    const store = await openSqliteStore(db);
    try {
      return await buildReport({ catalog, store, facts: [], upstream: "rhel", distros: ["almalinux", "rocky"], now });
    } finally {
      await store.close();
    }
  };
  const without = await build();
  for (const f of [SOURCED, join(DATA, "almalinux.csv")])
    await runCliJson(["--db", db, "import", "popularity-csv", f, "--distro", "almalinux", "--json"]);
  const withPoints = await build();
  const section = (m: typeof without) => m.sections.find((s) => s.id === "popularity");
  assert.equal(section(without)?.charts.length, 0);
  assert.ok((section(withPoints)?.charts.length ?? 0) > 0, "the points are in the report");
  assert.deepEqual(withPoints.scorecard, without.scorecard);
  assert.deepEqual(withPoints.verdict, without.verdict);
});

test("a store migrated past a migration numbered below its newest (the bundle, made on a branch) still takes it", async () => {
  const db = join(dir.path, "unordered.db");
  const ok = await runCli(["--db", db, "import", "popularity-csv", SOURCED, "--distro", "almalinux"]);
  assert.equal(ok.code, 0, ok.stderr);
  // As if 0012 had come from another branch after this store was made with 0016.
  const sqlite = new Database(db);
  sqlite.exec("drop table package_signatures");
  sqlite.prepare("delete from kysely_migration where name = ?").run("0012-package-signatures");
  sqlite.close();
  assert.equal((await points(db)).length, 3);
  const again = new Database(db, { readonly: true });
  try {
    const names = (again.prepare("select name from kysely_migration").all() as { name: string }[]).map((r) => r.name);
    assert.ok(names.includes("0012-package-signatures") && names.includes("0016-popularity-notes"));
    assert.ok(again.prepare("select name from sqlite_master where name = 'package_signatures'").get());
  } finally {
    again.close();
  }
});

for (const dialect of DIALECTS) {
  test(`${dialect}: a point keeps its page and note, and importing the file again changes nothing`, async () => {
    const db = await freshStore(dialect, dir.path, "sourced");
    for (let i = 0; i < 2; i++)
      await runCliJson(["--db", db, "import", "popularity-csv", SOURCED, "--distro", "almalinux", "--json"]);
    const rows = await points(db);
    assert.deepEqual(
      rows.map((p) => [p.metric, p.date, p.value, p.source]),
      [
        [
          "container-pulls",
          "2021-08-13",
          50000,
          "https://almalinux.org/blog/thank-you-and-congrats-on-50k-docker-pulls/",
        ],
        ["container-pulls", "2021-09-13", 100000, "https://almalinux.org/blog/thank-you-for-100k-docker-pulls/"],
        ["mirrorlist-systems", "2023-12-13", 750000, "https://almalinux.org/blog/2023-12-14-2023-highlights/"],
      ],
    );
    assert.match(rows[2]?.note ?? "", /^lower bound: weekly countme check-ins "hit 750,000"/);
  });
}
