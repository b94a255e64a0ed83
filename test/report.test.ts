import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { buildReport } from "../src/report/build-report.js";
import { renderHtml } from "../src/report/render-html.js";
import { renderMarkdown } from "../src/report/render-markdown.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { assertGolden } from "./helpers/golden.js";
import { importFixtureData } from "./helpers/fixture-store.js";
import { runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const SHARED_MIRRORS = fileURLToPath(new URL("../../../shared/data/almalinux-mirrors/mirrors.d/", import.meta.url));

interface Model {
  sections: {
    id: string;
    noData: { what: string; command: string }[];
    provenance: { source: string; asOf: string | null }[];
    text: string[];
  }[];
  scorecard: { distro: string; criterion: string; score: number | null; input: string }[];
  verdict: { table: { headers: string[]; rows: (string | number | null)[][] }; oneSided: string[] };
  completions: { what: string; for: string[]; command: string; section: string }[];
}

let dir: { path: string; remove: () => Promise<void> };
before(async () => (dir = await tempDir()));
after(async () => dir.remove());

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await runCli(args, env);
  assert.equal(r.code, 0, `elscope ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

test("the report: every section, sourced and dated, gaps as no data with a command, the scorecard with its rules", async () => {
  const db = join(dir.path, "report.db");
  const asOf = "2026-07-15";
  // The days this test ran on: the import time and the report's day are the wall clock's.
  const today = (): string => new Date().toISOString().slice(0, 10);
  const ranOn = new Set([today()]);
  await importFixtureData(db, dir.path, { mirrors: asOf, amis: "2026-08-17" });
  const out = join(dir.path, "out");
  const written = await cli([
    "--db",
    db,
    "report",
    "--distros",
    "almalinux,rocky",
    "--out",
    out,
    "--format",
    "md,html,json",
  ]);
  assert.deepEqual(
    written.trim().split("\n"),
    ["md", "html", "json"].map((f) => join(out, `elscope-report.${f}`)),
  );

  const model = JSON.parse(await readFile(join(out, "elscope-report.json"), "utf8")) as Model;
  assert.deepEqual(
    model.sections.map((s) => s.id),
    [
      "compatibility",
      "community",
      "popularity",
      "images",
      "development",
      "architectures",
      "release-lag",
      "support",
      "update-lag",
      "advisories",
      "repositories",
      "provenance",
      "migration",
      "mirrors",
      "trends",
    ],
  );
  const section = (id: string) => model.sections.find((s) => s.id === id);
  // What the store lacks is said, with the command that gets it: the query's own, as the CLI and the API name it.
  assert.ok(
    section("advisories")?.noData.some((n) => n.command === "elscope import osv <repository> --distro almalinux"),
  );
  // Package lag needs the rebuilds' packages on their public mirrors, and RHEL's clock without an
  // entitlement: its public advisories (CSAF).
  assert.ok(section("update-lag")?.noData.some((n) => n.command === "elscope sync --distro almalinux"));
  assert.ok(section("update-lag")?.noData.some((n) => /^elscope import redhat-csaf https:\/\/\S+$/.test(n.command)));
  assert.ok(section("compatibility")?.noData.some((n) => n.command === "elscope sync --distro rhel,rocky --release 9"));
  assert.ok(section("mirrors")?.noData.some((n) => n.what === "rocky mirror list"));
  // One mirror list in the store is one month of history: said, not drawn as a line.
  assert.match(
    section("trends")?.text.join(" ") ?? "",
    /Mirror network size, month by month: 1 month of history, too few/,
  );
  // What it has carries its source and as-of time: the mirror list as of its copy's date.
  assert.deepEqual(section("mirrors")?.provenance[0]?.asOf, `${asOf}T00:00:00.000Z`);
  // The scorecard follows its printed rule: the fixtures' 4 public mirrors are "else 1".
  const score = (d: string, c: string) => model.scorecard.find((s) => s.distro === d && s.criterion === c);
  assert.deepEqual(
    [score("almalinux", "mirror network")?.score, score("almalinux", "mirror network")?.input],
    [1, "4 public mirrors"],
  );
  assert.equal(score("rocky", "mirror network")?.score, null);
  // Patching is package lag only: without synced packages there is no score, and the input says what gets it.
  assert.deepEqual(
    [score("almalinux", "patching lag")?.score, score("almalinux", "patching lag")?.input],
    [null, "no package lag: elscope sync --distro almalinux"],
  );

  // The verdict: one column per distribution, one row per criterion, each value with its source and as-of.
  assert.deepEqual(model.verdict.table.headers, ["criterion", "rhel", "almalinux", "rocky"]);
  const mirrorsRow = model.verdict.table.rows.find((r) => r[0] === "mirrors");
  assert.deepEqual(mirrorsRow, [
    "mirrors",
    "no data",
    `4 public mirrors — almalinux-mirrors (as of ${asOf})`,
    "no data",
  ]);
  // Only almalinux has a mirror list: the comparison says so, with the command that evens it out.
  assert.ok(
    model.verdict.oneSided.includes(
      "mirrors is one-sided: only almalinux has data; for rocky: `elscope update --distro rocky (or elscope import <mirror list kind> <file> --distro rocky)`.",
    ),
    model.verdict.oneSided.join("\n"),
  );
  // Every gap once, in one list: what, for whom, the command.
  const gaps = model.sections.flatMap((s) => s.noData.map((n) => `${n.what}|${n.command}`));
  assert.deepEqual(
    model.completions.map((c) => `${c.what}|${c.command}`),
    [...new Set(gaps)],
  );
  assert.deepEqual(model.completions.find((c) => c.what === "rocky mirror list")?.for, ["rocky"]);

  const html = await readFile(join(out, "elscope-report.html"), "utf8");
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<svg [^>]*role="img"/, "charts are inline SVG");
  assert.doesNotMatch(html, /<script|<link |src="https?:|url\(/i, "self-contained: nothing to fetch");
  // Every chart has its axes named with their unit and a legend naming the distributions, and scales down.
  const figures = [...html.matchAll(/<figure><figcaption>([^<]*)<\/figcaption>(<svg[\s\S]*?<\/svg>)<\/figure>/g)];
  assert.ok(figures.length >= 3, "the release-lag bars and boxes and the mirror map");
  for (const [, caption = "", svg = ""] of figures) {
    assert.match(
      svg,
      /^<svg [^>]*width="100%"[^>]*viewBox="0 0 \d+ \d+"|^<svg [^>]*viewBox="0 0 \d+ \d+"[^>]*width="100%"/,
      caption,
    );
    const unit = /\((\w+)[^()]*\)$/.exec(caption)?.[1] ?? "";
    assert.match(svg, new RegExp(`>(\\S+ )?${unit}</text>`), `${caption}: the unit on an axis or the legend`);
    if (caption.startsWith("Mirrors by country")) {
      assert.match(svg, /<path d="M[^"]+" fill="#[0-9a-f]{6}"><title>Germany: \d+ mirrors<\/title>/, "countries drawn");
      continue;
    }
    assert.match(svg, />(almalinux|rocky)<\/text>/, `${caption}: a legend`);
    assert.match(svg, />(release|major|continent|year|date)<\/text>/, `${caption}: the x axis named`);
  }
  assert.match(
    html,
    /<figcaption>Initial release lag per major, over its minors \(first releases left out\) \(days; boxes: /,
  );
  // The same store gives the same bytes: no random or per-process ids in the charts.
  const again = join(dir.path, "again");
  await cli(["--db", db, "report", "--distros", "almalinux,rocky", "--out", again, "--format", "html"]);
  const timeless = (t: string) => t.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<time>");
  assert.equal(timeless(await readFile(join(again, "elscope-report.html"), "utf8")), timeless(html));
  // A section points to the one list of gaps rather than repeating it.
  assert.match(
    html,
    /<span class="nodata">no data<\/span>: \d+ gaps? here, [^<]*advisories of almalinux[^<]*: <a href="#complete">/,
  );
  assert.match(html, /<section id="complete">.*<td>advisories of almalinux<\/td><td>almalinux<\/td>/s);
  assert.ok(html.indexOf('id="verdict"') < html.indexOf('id="scorecard"'), "the verdict opens the report");
  assert.ok(html.indexOf('id="scorecard"') < html.indexOf('id="compatibility"'), "then the scorecard");

  // The Markdown is deterministic apart from times: a golden file guards it.
  const md = (await readFile(join(out, "elscope-report.md"), "utf8"))
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<time>")
    // A fact's check date (and its "(stale)" mark, which depends on the day of the run) before its source.
    .replace(/\| \d{4}-\d{2}-\d{2}(?: \(stale\))? \|(?= https?:\/\/)/g, "| <date> |")
    .replaceAll(FIXTURES, "<fixtures>/")
    .replaceAll(dir.path, "<tmp>")
    // Only the two dates taken from the clock of the run: when the fixtures were imported, and the report's day.
    .replace(
      /(release dates in the store \([^)]*\) \(as of |the phase is as of )(\d{4}-\d{2}-\d{2})/g,
      (m, pre: string, d: string) => (ranOn.add(today()).has(d) ? `${pre}<today>` : m),
    );
  assertGolden("report/fixture-store.md", md);

  const bad = await runCli(["--db", db, "report", "--format", "pdf", "--out", out]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format takes md, html, json; not "pdf"/);
});

test("a fresh default store starts from the bundled snapshot, so the first report has real figures", async () => {
  const xdg = join(dir.path, "xdg");
  const out = join(dir.path, "fresh");
  const r = await runCli(["report", "--out", out, "--format", "json"], { XDG_DATA_HOME: xdg, ELSCOPE_DB: "" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /seeded with the bundled snapshot/);
  const model = JSON.parse(await readFile(join(out, "elscope-report.json"), "utf8")) as Model;
  const mirrors = model.scorecard.find((s) => s.distro === "almalinux" && s.criterion === "mirror network");
  assert.match(mirrors?.input ?? "", /^\d+ public mirrors$/);
  if (existsSync(SHARED_MIRRORS)) {
    // The snapshot's list is the shared one: every file is a mirror, the private ones are not counted.
    const files = (await readdir(SHARED_MIRRORS)).filter((f) => f.endsWith(".yml"));
    const priv = (await Promise.all(files.map((f) => readFile(join(SHARED_MIRRORS, f), "utf8")))).filter((t) =>
      /^private: true\s*$/im.test(t),
    ).length;
    assert.equal(mirrors?.input, `${files.length - priv} public mirrors`);
  }
  const again = await runCli(["report", "--out", out, "--format", "json"], { XDG_DATA_HOME: xdg, ELSCOPE_DB: "" });
  assert.doesNotMatch(again.stderr, /seeded/, "an existing store is never replaced");
});

test("end of life and support phases: every major of the product page, the phase on the report's day", async () => {
  const db = join(dir.path, "eol.db");
  const page = join(FIXTURES, "endoflife-product", "rhel-front-matter.md");
  await cli(["--db", db, "import", "endoflife-product", page, "--distro", "rhel"]);
  const store = await openSqliteStore(db);
  try {
    const on = async (day: string) => {
      const m = await buildReport({
        catalog: loadCatalog(),
        store,
        facts: [],
        upstream: "rhel",
        distros: ["almalinux"],
        now: new Date(`${day}T12:00:00Z`),
      });
      return {
        section: m.sections.find((s) => s.id === "support"),
        glance: m.verdict.table.rows.find((r) => r[0] === "end of life"),
      };
    };
    const before = await on("2027-05-31");
    // The columns: GA, then the three phase ends as the page states them, the phase, the source.
    assert.equal(before.section?.tables[0]?.headers[6], "phase");
    assert.deepEqual(
      before.section?.tables[0]?.rows.map((r) => r.slice(0, 7)),
      [
        ["rhel", "8", "2019-05-07", "2024-05-31", "2029-05-31", "2033-05-31", "maintenance support"],
        ["rhel", "9", "2022-05-18", "2027-05-31", "2032-05-31", "2036-05-31", "active support"],
        ["rhel", "10", "2025-05-20", "2030-05-31", "2035-05-31", "2039-05-31", "active support"],
      ],
    );
    // The last day of active support is still in it; the next day RHEL 9 is in maintenance.
    const after = await on("2027-06-01");
    assert.equal(after.section?.tables[0]?.rows[1]?.[6], "maintenance support");
    // The verdict: per major its phase and end of life, with the page as source; almalinux has no page.
    assert.deepEqual(after.glance?.slice(0, 1), ["end of life"]);
    assert.match(
      String(after.glance?.[1]),
      /^8: maintenance support, end of life 2029-05-31; 9: maintenance support, end of life 2032-05-31; 10: active support, end of life 2035-05-31 — \S+rhel-front-matter\.md \(as of \d{4}-\d{2}-\d{2}\)$/,
    );
    assert.equal(after.glance?.[2], "no data");
    assert.deepEqual(after.section?.noData, [
      {
        what: "almalinux support phases",
        command: "elscope import endoflife-product <products/almalinux.md> --distro almalinux",
      },
    ]);
  } finally {
    await store.close();
  }
});

test("text from data is never markup in the reports (issue 16): HTML escaped, no link but to a web page", async () => {
  const store = await openSqliteStore(":memory:");
  try {
    // Facts as they could reach a renderer past the schema (which refuses such a source): HTML and a script link.
    const hostile = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))"];
    const facts = (["organisation", "documentation", "commercial-support"] as const).map((topic, i) => ({
      topic,
      value: `${hostile[i] ?? ""} AT&T | two`,
      source: "javascript:alert(1)",
      checked: "unverified" as const,
      distro: "almalinux",
      file: "almalinux.yaml",
    }));
    const built = await buildReport({
      catalog: loadCatalog(),
      store,
      facts,
      upstream: "rhel",
      distros: ["almalinux"],
      now: new Date("2026-07-15T00:00:00Z"),
    });
    // And every other place text from data goes: a section's title, text, table and sources, and a code span.
    const model = {
      ...built,
      sections: [
        ...built.sections,
        {
          id: "x",
          title: "<b>bold</b>",
          text: [
            "`<kept> in code` <script>alert(1)</script> \\<img src=x onerror=alert(1)> `a\n\n<img src=x onerror=alert(1)>`",
          ],
          tables: [{ title: "t", headers: ["a|b"], rows: [["<img src=x onerror=alert(1)>", "a|b", "`c|d`"]] }],
          charts: [],
          noData: [],
          provenance: [{ source: "<script>alert(1)</script> [x](javascript:alert(1))", asOf: null }],
        },
      ],
    };
    const md = renderMarkdown(model);
    assert.ok(md.includes("&lt;script&gt;alert(1)&lt;/script&gt; AT&amp;T \\| two"), "a fact in a cell");
    assert.ok(md.includes("\\[click\\](javascript:alert(1))"), "no link syntax from data");
    assert.ok(
      md.includes("| &lt;img src=x onerror=alert(1)&gt; | a\\|b | `c\\|d` |"),
      "a row: cells, pipes, a code span",
    );
    assert.ok(md.includes("## &lt;b&gt;bold&lt;/b&gt;"));
    // A code span is literal as it is; a line break would end the paragraph and so the span.
    assert.ok(md.includes("`<kept> in code` &lt;script&gt;"), "a code span");
    assert.ok(md.includes("&lt;img src=x onerror=alert(1)&gt; `a  <img"), "a code span on one line");
    assert.ok(
      md.includes("Sources: &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1)) (as of unknown)"),
    );
    // Outside code spans, no tag and no link but the report's own.
    const outsideCode = md.replace(/`[^`\n]*`/g, "");
    assert.doesNotMatch(outsideCode, /<(script|img|b)\b/i);
    assert.doesNotMatch(outsideCode, /(?<!\\)\]\(javascript:/i, "a ] not escaped");

    const html = renderHtml(model);
    assert.doesNotMatch(html, /<(script|img|b)\b/i);
    assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
    // Its links are the report's own anchors, and no source becomes one.
    assert.deepEqual([...new Set(Array.from(html.matchAll(/href="([^"#]*)/g), (m) => m[1]))], [""]);
  } finally {
    await store.close();
  }
});
