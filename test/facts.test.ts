import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

interface Facts {
  staleDays: number;
  stale: number;
  unverified: number;
  rows: { distro: string; topic: string; source: string; checked: string; status: string; ageDays: number | null }[];
}

let dir: { path: string; remove: () => Promise<void> };
before(async () => (dir = await tempDir()));
after(async () => dir.remove());

test("the shipped facts dataset validates, and every fact has a source and a check date or says it has none", async () => {
  const r = await runCliJson<Facts>(["facts", "--json"], { ELSCOPE_FACTS: "" });
  assert.ok(r.rows.length > 0);
  for (const f of r.rows) {
    assert.match(f.source, /^https:\/\//, `${f.distro} ${f.topic}`);
    assert.ok(f.checked === "unverified" ? f.status === "unverified" : /^\d{4}-\d{2}-\d{2}$/.test(f.checked));
  }
  assert.deepEqual([...new Set(r.rows.map((f) => f.distro))].sort(), [
    "almalinux",
    "centos-stream",
    "oracle",
    "rhel",
    "rocky",
  ]);
  assert.equal(r.unverified, r.rows.filter((f) => f.checked === "unverified").length);
});

test("old facts are flagged stale, unchecked ones unverified; a bad facts file names file, path and problem", async () => {
  const facts = join(dir.path, "facts");
  await mkdir(facts);
  const old = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
  const recent = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  await writeFile(
    join(facts, "rocky.yaml"),
    `distro: rocky
facts:
  - topic: organisation
    value: Rocky Enterprise Software Foundation
    source: https://rockylinux.org/about
    checked: ${old}
    evidence: the about page
  - topic: build-system
    value: [Peridot]
    source: https://github.com/rocky-linux/peridot
    checked: ${recent}
    evidence: the repository's README
  - topic: sponsors
    value: CIQ
    source: https://rockylinux.org/sponsors
    checked: unverified
`,
  );
  const r = await runCliJson<Facts>(["facts", "--stale-days", "365", "--json"], { ELSCOPE_FACTS: facts });
  assert.deepEqual(
    r.rows.map((f) => [f.topic, f.status, f.ageDays]),
    [
      ["build-system", "current", 10],
      ["organisation", "stale", 400],
      ["sponsors", "unverified", null],
    ],
  );
  const strict = await runCliJson<Facts>(["facts", "--stale-days", "5", "--json"], { ELSCOPE_FACTS: facts });
  assert.equal(strict.stale, 2);
  const table = await runCli(["facts", "--stale-days", "365"], { ELSCOPE_FACTS: facts });
  assert.match(table.stdout, /STALE, 400 days/);
  assert.match(table.stdout, /3 facts; 1 checked more than 365 days ago; 1 never checked against their source/);

  await writeFile(
    join(facts, "rocky.yaml"),
    "distro: rocky\nfacts:\n  - topic: organisation\n    value: x\n    source: not a url\n    checked: unverified\n",
  );
  const bad = await runCli(["facts"], { ELSCOPE_FACTS: facts });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /^elscope: facts: .*rocky\.yaml: facts\[0\]\.source: Invalid url/m);
  // A source becomes a link: only a web page's address (issue 16), however else a URL may be spelt.
  for (const source of [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,x",
    "file:///etc/passwd",
    "ftp://x/",
  ]) {
    await writeFile(
      join(facts, "rocky.yaml"),
      `distro: rocky\nfacts:\n  - topic: organisation\n    value: x\n    source: "${source}"\n    checked: unverified\n`,
    );
    const r = await runCli(["facts"], { ELSCOPE_FACTS: facts });
    assert.equal(r.code, 3, source);
    assert.match(r.stderr, /^elscope: facts: .*rocky\.yaml: facts\[0\]\.source: not an http\(s\) URL/m, source);
  }
  await writeFile(join(facts, "rocky.yaml"), "distro: nosuch\nfacts: []\n");
  const unknown = await runCli(["facts"], { ELSCOPE_FACTS: facts });
  assert.equal(unknown.code, 3);
  assert.match(unknown.stderr, /distro: "nosuch" must match the file name/);
  const flag = await runCli(["facts", "--stale-days", "soon"], { ELSCOPE_FACTS: facts });
  assert.equal(flag.code, 2);
});
