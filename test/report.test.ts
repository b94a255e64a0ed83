import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
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
  }[];
  scorecard: { distro: string; criterion: string; score: number | null; input: string }[];
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
      "update-lag",
      "advisories",
      "repositories",
      "migration",
      "mirrors",
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

  const html = await readFile(join(out, "elscope-report.html"), "utf8");
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<svg [^>]*role="img"/, "charts are inline SVG");
  assert.doesNotMatch(html, /<script|<link |src="https?:|url\(/i, "self-contained: nothing to fetch");
  assert.match(html, /<span class="nodata">no data<\/span>: advisories of almalinux/);

  // The Markdown is deterministic apart from times: a golden file guards it.
  const md = (await readFile(join(out, "elscope-report.md"), "utf8"))
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "<time>")
    .replace(/\| \d{4}-\d{2}-\d{2} \|(?= https:\/\/(wiki|github))/g, "| <date> |")
    .replaceAll(FIXTURES, "<fixtures>/")
    .replaceAll(dir.path, "<tmp>");
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
