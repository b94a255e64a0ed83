import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { resolveTargets } from "../src/catalog/resolve-targets.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir();
});
after(() => dir.remove());

async function catalogDir(files: Record<string, string>): Promise<string> {
  const d = join(dir.path, `cat-${Math.random().toString(36).slice(2)}`);
  await mkdir(d);
  for (const [n, t] of Object.entries(files)) await writeFile(join(d, n), t);
  return d;
}

const MINIMAL = `id: myrebuild
name: My Rebuild
role: rebuild
upstream: rhel
website: https://example.invalid/
mirrors: [https://mirror.example.invalid/myrebuild]
urls:
  binary: "{mirror}/{release}/{path}/{arch}/os/"
majors:
  - major: "9"
    minors: ["9.4", "9.5"]
    arches: [x86_64, riscv64]
    repos:
      - { name: BaseOS }
`;

test("the shipped catalog declares the five distributions and validates", () => {
  const c = loadCatalog();
  assert.deepEqual(
    c.distros.map((d) => [d.id, d.role, d.upstream ?? null]),
    [
      ["almalinux", "rebuild", "rhel"],
      ["centos-stream", "stream", null],
      ["oracle", "rebuild", "rhel"],
      ["rhel", "upstream", null],
      ["rocky", "rebuild", "rhel"],
    ],
  );
  const crb8 = resolveTargets(c, { distros: ["almalinux"], releases: ["8"], repos: ["CRB"], arches: ["x86_64"] });
  assert.deepEqual(
    crb8.map((t) => [t.key.repo, t.urls[0]]),
    [["PowerTools", "https://repo.almalinux.org/almalinux/8/PowerTools/x86_64/os/"]],
  );
  const v2 = resolveTargets(c, { distros: ["almalinux"], releases: ["10"], repos: ["BaseOS"], arches: ["x86_64_v2"] });
  assert.equal(v2.length, 1, "AlmaLinux 10 has x86_64_v2");
});

test("elscope catalog --json lists releases, repositories and arches", async () => {
  const out = await runCliJson<{
    distros: {
      id: string;
      majors: { major: string; arches: string[]; releases: { release: string; vault: boolean }[] }[];
    }[];
  }>(["catalog", "--json"]);
  const rocky = out.distros.find((d) => d.id === "rocky");
  const r9 = rocky?.majors.find((m) => m.major === "9");
  assert.ok(r9?.releases.some((r) => r.release === "9.4" && r.vault));
  assert.ok(rocky?.majors.find((m) => m.major === "10")?.arches.includes("riscv64"));
});

test("an extra catalog folder adds a distribution without code", async () => {
  const d = await catalogDir({ "myrebuild.yaml": MINIMAL });
  const out = await runCliJson<{ distros: { id: string }[] }>(["catalog", "--json", "--catalog", d]);
  assert.ok(out.distros.some((x) => x.id === "myrebuild"));
  const env = await runCliJson<{ distros: { id: string }[] }>(["catalog", "--json"], { ELSCOPE_CATALOG: d });
  assert.ok(env.distros.some((x) => x.id === "myrebuild"));
});

for (const [what, text, message] of [
  [
    "an unknown architecture",
    MINIMAL.replace("riscv64", "sparc"),
    /myrebuild\.yaml: majors\[0\]\.arches\[1\]: Invalid enum value.*'sparc'/,
  ],
  ["a missing field", MINIMAL.replace("website: https://example.invalid/\n", ""), /myrebuild\.yaml: website: Required/],
  [
    "an unknown field",
    MINIMAL.replace("role: rebuild", "role: rebuild\ncolour: blue"),
    /myrebuild\.yaml: Unrecognized key\(s\) in object: 'colour'/,
  ],
  ["broken YAML", MINIMAL.replace("majors:", "majors: [\n"), /myrebuild\.yaml: invalid YAML/],
  [
    "a bad URL template",
    MINIMAL.replace("{arch}/os/", "{basearch}/os/"),
    /myrebuild\.yaml: urls\.binary: unknown template variable \{basearch\}/,
  ],
  [
    "an unknown upstream",
    MINIMAL.replace("upstream: rhel", "upstream: nothing"),
    /myrebuild\.yaml: upstream: "nothing" is not a distribution/,
  ],
  [
    "a file name that is not the id",
    MINIMAL.replace("id: myrebuild", "id: other"),
    /myrebuild\.yaml: id: "other" must match the file name/,
  ],
  [
    "a bad release marker",
    MINIMAL.replace("majors:", 'releaseMarkers: [{ pattern: "(", meaning: modified }]\nmajors:'),
    /releaseMarkers\[0\]\.pattern: not a valid regular expression/,
  ],
  [
    "a substitution of an unknown kind",
    MINIMAL.replace("majors:", "substitutions: [{ kind: dropped, upstream: insights-client }]\nmajors:"),
    /substitutions\[0\]\.kind: Invalid discriminator value/,
  ],
  [
    "a replacement that names no package",
    MINIMAL.replace("majors:", "substitutions: [{ kind: replaced, upstream: redhat-release }]\nmajors:"),
    /substitutions\[0\]\.by: Required/,
  ],
  [
    "an upstream package substituted twice",
    MINIMAL.replace(
      "majors:",
      "substitutions: [{ kind: not-applicable, upstream: rhc }, { kind: replaced, upstream: rhc, by: [my-rhc] }]\nmajors:",
    ),
    /substitutions\[1\]\.upstream: "rhc" is listed twice/,
  ],
] as const) {
  test(`an invalid catalog file is a config error naming file, path and problem: ${what}`, async () => {
    const d = await catalogDir({ "myrebuild.yaml": text });
    const r = await runCli(["catalog", "--catalog", d]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /^elscope: catalog: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}

test("a user file replaces the shipped distribution of the same id (a private mirror)", async () => {
  const alma = await readFile(new URL("../../catalog/almalinux.yaml", import.meta.url), "utf8");
  const d = await catalogDir({
    "almalinux.yaml": alma.replace("https://repo.almalinux.org/almalinux", "https://mirror.corp.invalid/alma"),
  });
  const c = loadCatalog([d]);
  const t = resolveTargets(c, { distros: ["almalinux"], releases: ["9"], repos: ["BaseOS"], arches: ["x86_64"] });
  assert.equal(t[0]?.urls[0], "https://mirror.corp.invalid/alma/9/BaseOS/x86_64/os/");
});
