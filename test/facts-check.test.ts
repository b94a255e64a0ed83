import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { buildReport } from "../src/report/build-report.js";
import { renderMarkdown } from "../src/report/render-markdown.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { loadFacts } from "../src/catalog/load-facts.js";
import { pageTextHash } from "../src/analyze/page-text-hash.js";
import { DIALECTS, freshStore } from "./helpers/dialects.js";
import { runCli } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

interface CheckAnswer {
  stale: { distro: string; topic: string; ageDays: number }[];
  unverified: number;
  pages: { url: string; status: string; facts: string[] }[] | null;
  changed: number;
  attention: boolean;
}

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  dir = await tempDir();
  await mkdir(join(dir.path, "www"));
  server = await startStaticServer(join(dir.path, "www"));
});
after(async () => {
  await server.close();
  await dir.remove();
});

/** A facts folder with one file for rocky; `facts` is the YAML list under `facts:`. */
async function factsDir(name: string, facts: string): Promise<string> {
  const d = join(dir.path, name);
  await mkdir(d, { recursive: true });
  await writeFile(join(d, "rocky.yaml"), `distro: rocky\nfacts:\n${facts}`);
  return d;
}

const fact = (topic: string, source: string, checked: string, extra = "") =>
  `  - topic: ${topic}\n    value: x\n    source: ${source}\n    checked: ${checked}\n${extra}`;

test("a fact the schema refuses names the file and the path: no source, not http(s), a future check, a check without evidence", async () => {
  const cases: [string, RegExp][] = [
    ["  - topic: organisation\n    value: x\n    checked: unverified\n", /rocky\.yaml: facts\[0\]\.source: Required/],
    [fact("organisation", "ftp://example.org/", "unverified"), /rocky\.yaml: facts\[0\]\.source: not an http\(s\) URL/],
    [
      fact("organisation", "https://example.org/", day(-3), "    evidence: read\n"),
      /rocky\.yaml: facts\[0\]\.checked: is in the future/,
    ],
    [
      fact("organisation", "https://example.org/", day(3)),
      /rocky\.yaml: facts\[0\]\.evidence: a checked fact needs evidence/,
    ],
    [
      `  - topic: corporate-sponsors\n    points:\n      - { date: 2024-01-01, value: 3, source: "https://example.org/", checked: ${day(-1)}, evidence: x }\n`,
      /rocky\.yaml: facts\[0\]\.points\[0\]\.checked: is in the future/,
    ],
    [
      "  - topic: corporate-sponsors\n    points:\n      - { date: 2024-01-01, value: 3, checked: unverified }\n",
      /rocky\.yaml: facts\[0\]\.points\[0\]\.source: Required/,
    ],
    [
      "  - topic: corporate-sponsors\n    value: x\n    source: https://example.org/\n    checked: unverified\n    points:\n      - { date: 2024-01-01, value: 3, source: 'https://example.org/', checked: unverified }\n",
      /rocky\.yaml: facts\[0\]\.value: a fact with points states this per point/,
    ],
    [
      "  - topic: corporate-sponsors\n    points:\n      - { date: 2024-01-01, value: 3, source: 'https://example.org/', checked: unverified }\n      - { date: 2024-01-01, value: 4, source: 'https://example.org/', checked: unverified }\n",
      /rocky\.yaml: facts\[0\]\.points: two points dated 2024-01-01/,
    ],
  ];
  for (const [i, [yaml, message]] of cases.entries()) {
    const d = await factsDir(`bad-${i}`, yaml);
    const r = await runCli(["facts"], { ELSCOPE_FACTS: d });
    assert.equal(r.code, 3, yaml);
    assert.match(r.stderr, /^elscope: facts: /m, yaml);
    assert.match(r.stderr, message, yaml);
  }
});

test("a count over time is kept as dated points: the newest is the fact's value, source and check; the rest stay", async () => {
  const d = await factsDir(
    "points",
    `  - topic: corporate-sponsors
    unit: sponsors
    points:
      - { date: 2025-06-01, value: 11, qualifier: over, source: "https://example.org/b", checked: ${day(2)}, evidence: "over 11", pageDate: 2025-06-02 }
      - { date: 2024-02-22, value: 8, source: "https://example.org/a", checked: ${day(400)}, evidence: "8 logos" }
`,
  );
  const facts = loadFacts(loadCatalog(), d);
  assert.equal(facts.length, 1);
  const f = facts[0];
  assert.equal(f?.value, "over 11 sponsors (2025-06-01)");
  assert.equal(f?.source, "https://example.org/b");
  assert.equal(f?.checked, day(2));
  assert.equal(f?.pageDate, "2025-06-02");
  assert.deepEqual(
    f?.points?.map((p) => [p.date, p.value]),
    [
      ["2024-02-22", 8],
      ["2025-06-01", 11],
    ],
  );
  // The old point's old check does not make the fact stale: the current figure was read two days ago.
  const r = await runCli(["facts", "--check", "--json"], { ELSCOPE_FACTS: d });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as CheckAnswer).stale, []);
});

test("facts --check lists the facts checked longer ago than the stale limit and exits 7 (0 when none)", async () => {
  const d = await factsDir(
    "stale",
    fact("organisation", "https://example.org/o", day(400), "    evidence: read\n") +
      fact("sponsors", "https://example.org/s", day(10), "    evidence: read\n") +
      fact("partners", "https://example.org/p", "unverified"),
  );
  const r = await runCli(["facts", "--check", "--stale-days", "365"], { ELSCOPE_FACTS: d });
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stdout, /rocky +organisation +\d{4}-\d{2}-\d{2} \(400 days\) +https:\/\/example\.org\/o/);
  assert.doesNotMatch(r.stdout, /sponsors/);
  assert.match(r.stdout, /1 facts checked more than 365 days ago; 1 never checked; pages not fetched/);
  const json = await runCli(["facts", "--check", "--stale-days", "365", "--json"], { ELSCOPE_FACTS: d });
  assert.equal(json.code, 7);
  const a = JSON.parse(json.stdout) as CheckAnswer;
  assert.deepEqual(
    a.stale.map((f) => [f.topic, f.ageDays]),
    [["organisation", 400]],
  );
  assert.equal(a.pages, null);
  const none = await runCli(["facts", "--check", "--stale-days", "500"], { ELSCOPE_FACTS: d });
  assert.equal(none.code, 0, none.stderr);
  assert.equal((await runCli(["facts", "--fetch"], { ELSCOPE_FACTS: d })).code, 2, "--fetch wants --check");
});

test("a page's text hash ignores markup, not words", () => {
  assert.equal(
    pageTextHash('<html><script>var build="1"</script><p class="a">Eleven   sponsors</p></html>'),
    pageTextHash('<div data-x="2"><!-- x --><b>Eleven</b>\nsponsors</div><style>p{}</style>'),
  );
  assert.notEqual(pageTextHash("<p>Eleven sponsors</p>"), pageTextHash("<p>Twelve sponsors</p>"));
});

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test("facts --check --fetch: a cited page whose text changed since the check is listed, until the fact is checked again", async () => {
      const db = await freshStore(dialect, dir.path, "facts");
      const www = join(dir.path, "www");
      await writeFile(join(www, `${dialect}-a.html`), "<html><body><p>Eleven sponsors</p></body></html>");
      await writeFile(join(www, `${dialect}-b.html`), "<p>Thirteen partners</p>");
      const a = `${server.url}/${dialect}-a.html`;
      const b = `${server.url}/${dialect}-b.html`;
      const write = (checkedA: string) =>
        factsDir(
          `fetch-${dialect}`,
          fact("sponsors", a, checkedA, "    evidence: Eleven sponsors\n") +
            fact("partners", b, day(1), "    evidence: Thirteen partners\n") +
            fact("organisation", `${server.url}/${dialect}-missing.html`, "unverified"),
        );
      const facts = await write(day(1));
      const check = async () => {
        const r = await runCli(["--db", db, "facts", "--check", "--fetch", "--json"], { ELSCOPE_FACTS: facts });
        return { code: r.code, answer: JSON.parse(r.stdout) as CheckAnswer, stderr: r.stderr };
      };
      const pages = (x: CheckAnswer) => x.pages?.map((p) => [p.url.replace(server.url, ""), p.status]);

      const first = await check();
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(pages(first.answer), [
        [`/${dialect}-a.html`, "recorded"],
        [`/${dialect}-b.html`, "recorded"],
        [`/${dialect}-missing.html`, "unreachable"],
      ]);
      // The same text in other markup is no change.
      await writeFile(join(www, `${dialect}-a.html`), '<div class="new"><b>Eleven</b>\n  sponsors</div>');
      const same = await check();
      assert.equal(same.code, 0, same.stderr);
      assert.deepEqual(pages(same.answer)?.slice(0, 2), [
        [`/${dialect}-a.html`, "unchanged"],
        [`/${dialect}-b.html`, "unchanged"],
      ]);
      // Changed words: listed with the facts that cite the page, exit 7, and again on the next run.
      await writeFile(join(www, `${dialect}-a.html`), "<p>Twelve sponsors</p>");
      for (let run = 0; run < 2; run += 1) {
        const changed = await check();
        assert.equal(changed.code, 7, changed.stderr);
        assert.equal(changed.answer.changed, 1);
        const p = changed.answer.pages?.find((x) => x.url === a);
        assert.deepEqual([p?.status, p?.facts], ["changed", ["rocky/sponsors"]]);
      }
      const table = await runCli(["--db", db, "facts", "--check", "--fetch"], { ELSCOPE_FACTS: facts });
      assert.equal(table.code, 7);
      assert.match(
        table.stdout,
        new RegExp(`CHANGED +${a.replace(/[.]/g, "\\.")} +\\d{4}-\\d{2}-\\d{2} +rocky/sponsors`),
      );
      assert.match(table.stdout, /3 pages read, 1 changed since the check, 1 unreachable/);
      // Someone reads the page and checks the fact again (its check date moves): the new text is the new baseline.
      await write(day(0));
      const rechecked = await check();
      assert.equal(rechecked.code, 0, rechecked.stderr);
      assert.deepEqual(pages(rechecked.answer)?.slice(0, 2), [
        [`/${dialect}-a.html`, "recorded"],
        [`/${dialect}-b.html`, "unchanged"],
      ]);
      assert.equal((await check()).answer.pages?.find((x) => x.url === a)?.status, "unchanged");
    });
  });
}

test("the report shows each count over time, and how many facts are checked or unverified, from a small fixture", async () => {
  const d = await factsDir(
    "report",
    fact("organisation", "https://example.org/o", "2026-01-10", "    evidence: RESF\n") +
      fact("sponsors", "https://example.org/s", "unverified") +
      `  - topic: partner-count
    unit: partners
    points:
      - { date: 2024-02-22, value: 9, source: "https://example.org/p", checked: 2026-01-10, evidence: "9 names" }
      - { date: 2024-11-12, value: 13, source: "https://example.org/p", checked: 2026-01-10, evidence: "13 names" }
`,
  );
  const store = await openSqliteStore(":memory:");
  try {
    const model = await buildReport({
      catalog: loadCatalog(),
      store,
      facts: loadFacts(loadCatalog(), d),
      upstream: "rhel",
      distros: ["rocky"],
      now: new Date("2026-02-01T00:00:00Z"),
    });
    const community = model.sections.find((s) => s.id === "community");
    const table = (title: string) => community?.tables.find((t) => t.title === title);
    assert.deepEqual(table("Figures over time")?.rows, [
      ["rocky", "partner-count", "2024-02-22", "9", "https://example.org/p", "2026-01-10"],
      ["rocky", "partner-count", "2024-11-12", "13", "https://example.org/p", "2026-01-10"],
    ]);
    assert.deepEqual(table("Facts checked against their page")?.rows, [
      ["rhel", 0, 0, 0],
      ["rocky", 3, 2, 1],
      ["all", 3, 2, 1],
    ]);
    assert.ok(
      table("Organisation")?.rows.some((r) => r[1] === "partner-count" && r[2] === "13 partners (2024-11-12)"),
      "the newest figure among the organisation facts",
    );
    const chart = community?.charts.find((c) => c.title === "partner-count over time");
    assert.deepEqual(chart?.kind === "bar" ? [chart.labels, chart.series] : null, [
      ["2024-02-22", "2024-11-12"],
      [{ name: "rocky", values: [9, 13] }],
    ]);
    const md = renderMarkdown(model);
    assert.match(md, /\| rocky \| partner-count \| 2024-11-12 \| 13 \| https:\/\/example\.org\/p \| 2026-01-10 \|/);
    assert.match(md, /\*\*partner-count over time \(partners\)\*\*\n\n\| {2}\| 2024-02-22 \| 2024-11-12 \|/);
    assert.match(md, /\| all \| 3 \| 2 \| 1 \|/);
  } finally {
    await store.close();
  }
});
