import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, openSync, closeSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { escapeControl } from "../src/errors/escape-control.js";
import { ParseError } from "../src/errors/parse-error.js";
import { jsonDate } from "../src/sources/json-date.js";
import { runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
// A safety net, not an assertion on time: without the fix, a FIFO blocks the import for ever.
const NO_HANG = { timeout: 120_000 };

let dir: { path: string; remove: () => Promise<void> };
let n = 0;
before(async () => {
  dir = await tempDir();
});
after(() => dir.remove());

const path = (name: string): string => join(dir.path, name);
const db = (): string => path(`store-${++n}.db`);

/** A one-advisory OSV document. */
const osv = (id: string): string =>
  JSON.stringify({
    id,
    summary: "Moderate: thing security update",
    published: "2024-01-02T00:00:00Z",
    modified: "2024-01-03T00:00:00Z",
    affected: [
      { package: { ecosystem: "AlmaLinux:9", name: "thing" }, ranges: [{ events: [{ fixed: "1.0-1.el9" }] }] },
    ],
  });

/** Asserts the CLI said exactly one line on stderr, matching `re`, with no control character in it. */
function oneLine(stderr: string, re: RegExp): void {
  const lines = stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0] ?? "", re);
  // eslint-disable-next-line no-control-regex -- control characters are what must not be there
  assert.doesNotMatch(stderr.slice(0, -1), /[\u0000-\u001f\u007f-\u009f]/);
}

describe("elscope import: wrong types, huge dates and deep nesting are a ParseError naming file and field", () => {
  const deepDate = `${'{"$date":'.repeat(50_000)}1${"}".repeat(50_000)}`;
  const cases: readonly (readonly [string, string, string, RegExp])[] = [
    [
      "rocky-apollo",
      "rocky",
      '{"advisories":[{"name":"RLSA-2024:1","fixes":"x"}]}',
      /RLSA-2024:1: "fixes" is "x", not a list$/,
    ],
    [
      "rocky-apollo",
      "rocky",
      '{"advisories":[{"name":"RLSA-2024:1","cves":5}]}',
      /RLSA-2024:1: "cves" is 5, not a list$/,
    ],
    [
      "rocky-apollo",
      "rocky",
      '{"advisories":[{"name":"RLSA-2024:1","publishedAt":1e300}]}',
      /RLSA-2024:1: publishedAt 1e\+300 is not a date between 1900 and 9999$/,
    ],
    ["rocky-apollo", "rocky", '{"advisories":[{"name":"RLSA-2024:1","rpms":"x"}]}', /"rpms" is "x", not an object$/],
    ["almalinux-errata", "almalinux", '[{"id":"ALSA-2024:1","references":"x"}]', /ALSA-2024:1: "references" is "x"/],
    [
      "almalinux-errata",
      "almalinux",
      '[{"id":"ALSA-2024:1","pkglist":{"packages":5}}]',
      /"packages" is 5, not a list$/,
    ],
    [
      "almalinux-errata",
      "almalinux",
      `[{"id":"ALSA-2024:1","issued_date":${deepDate}}]`,
      /ALSA-2024:1: issued_date nests "\$date" deeper than 2 levels$/,
    ],
    [
      "redhat-csaf",
      "rhel",
      '{"document":{"tracking":{"id":"RHSA-2024:1"}},"vulnerabilities":5}',
      /RHSA-2024:1: "vulnerabilities" is 5, not a list$/,
    ],
    [
      "redhat-csaf",
      "rhel",
      '{"document":{"tracking":{"id":"RHSA-2024:1"}},"vulnerabilities":[{"product_status":{"fixed":5}}]}',
      /RHSA-2024:1: "fixed" is 5, not a list$/,
    ],
    [
      "redhat-csaf",
      "rhel",
      '{"document":{"tracking":{"id":"RHSA-2024:1","initial_release_date":1e300}}}',
      /RHSA-2024:1: document\.tracking\.initial_release_date 1e\+300 is not a date/,
    ],
  ];
  for (const [i, [kind, distro, body, problem]] of cases.entries()) {
    test(`${kind}: ${problem.source.slice(0, 60)}`, async () => {
      const file = path(`bad-${i}.json`);
      writeFileSync(file, body);
      const r = await runCli(["--db", db(), "import", kind, file, "--distro", distro]);
      assert.equal(r.code, 5, r.stderr);
      oneLine(r.stderr, new RegExp(`^elscope: ${distro}:${kind}: ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
      assert.match(r.stderr.trim(), problem);
    });
  }

  test("jsonDate: Mongo's two wrappings read, a third refused; seconds and milliseconds; text that is no date is null", () => {
    const ctx = { sourceId: "t:k", file: "f.json" };
    const jan = "2024-01-01T00:00:00.000Z";
    assert.equal(jsonDate({ $date: { $numberLong: "1704067200000" } }, "d", ctx), jan);
    assert.equal(jsonDate({ $date: 1704067200 }, "d", ctx), jan);
    assert.equal(jsonDate("2024-01-01T00:00:00Z", "d", ctx), jan);
    assert.equal(jsonDate("soon", "d", ctx), null);
    assert.equal(jsonDate(null, "d", ctx), null);
    assert.throws(() => jsonDate({ $date: { $date: { $date: 1 } } }, "d", ctx), ParseError);
    assert.throws(() => jsonDate(Number.NaN, "d", ctx), /t:k: f\.json: d NaN is not a date between 1900 and 9999/);
    assert.throws(() => jsonDate([1], "d", ctx), /d is a list, not a date/);
  });

  test("endoflife-product: a release that is null is a warning, the others are read", async () => {
    const page = path("eol.md");
    writeFileSync(page, '---\nreleases:\n  - null\n  - releaseCycle: "9"\n    releaseDate: 2022-05-17\n---\n');
    const r = await runCli(["--db", db(), "import", "endoflife-product", page, "--distro", "rhel", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { dates: number }).dates, 1);
    assert.match(r.stderr, /releases\[0\] is null, not a release; skipped/);
  });
});

describe("elscope import: files over their kind's limit are refused as too large, unparsed", () => {
  /** A file of `mib` MiB plus a line, written in chunks: the input is made here, never committed. */
  function bigFile(name: string, head: string, line: string, mib: number): string {
    const file = path(name);
    const fd = openSync(file, "w");
    writeSync(fd, head);
    const chunk = line.repeat(Math.ceil((1 << 20) / line.length));
    for (let i = 0; i < mib; i++) writeSync(fd, chunk);
    closeSync(fd);
    return file;
  }

  for (const [kind, distro, file] of [
    ["metalink", "almalinux", () => bigFile("big.metalink", "<metalink><files>", "<!-- padding -->\n", 17)],
    ["mirror-url-list", "almalinux", () => bigFile("big-list.txt", "", "https://m.example.org/a/\n", 17)],
    ["mirrormanager-mirrorlist", "rocky", () => bigFile("big-mirrorlist.txt", "", "https://m.example.org/b/\n", 17)],
  ] as const) {
    test(`${kind}: over 16 MiB`, async () => {
      const f = file();
      const r = await runCli(["--db", db(), "import", kind, f, "--distro", distro]);
      assert.equal(r.code, 5, r.stderr);
      oneLine(r.stderr, /: too large: more than 16 MiB, the limit for this kind of file$/);
    });
  }

  test("almalinux-mirrors: half-lines that each open a mapping (the fuzz run's stack overflow) are invalid YAML", async () => {
    const repo = path("mirrors-deep");
    mkdirSync(join(repo, "mirrors.d"), { recursive: true });
    // The shape the fuzz run found (a duplicated region cut inside a URL, then a key), 150 KB.
    const line = "  http: http://m.example.org\n  https: httpsdress:\n";
    writeFileSync(
      join(repo, "mirrors.d", "deep.yml"),
      `---\nname: m.example.org\naddress:\n  http: http://m.example.org\n  https: https://mdress:\n${line.repeat(3000)}  https: httpsr.example.org\nsponsor: x\n...\n`,
    );
    const r = await runCli(["--db", db(), "import", "almalinux-mirrors", repo, "--distro", "almalinux"]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /mirrors\.d\/deep\.yml: invalid YAML: nested too deeply to read/);
    assert.doesNotMatch(r.stderr, /RangeError|internal error/);
  });

  test("endoflife-product: a page over 1 MiB (the yaml parser is slow on MiBs of blank lines)", async () => {
    const page = bigFile("big-eol.md", "---\nreleases:\n", "\n", 2);
    const r = await runCli(["--db", db(), "import", "endoflife-product", page, "--distro", "rhel"]);
    assert.equal(r.code, 5, r.stderr);
    oneLine(r.stderr, /: too large: more than 1 MiB, the limit for this kind of file$/);
  });

  test("almalinux-mirrors: a mirrors.d file over 1 MiB is skipped as too large; only it: a ParseError", async () => {
    const repo = path("mirrors-big");
    mkdirSync(join(repo, "mirrors.d"), { recursive: true });
    bigFile("mirrors-big/mirrors.d/huge.yml", "name: huge\n", "# padding\n", 2);
    const alone = await runCli(["--db", db(), "import", "almalinux-mirrors", repo, "--distro", "almalinux"]);
    assert.equal(alone.code, 5, alone.stderr);
    assert.match(alone.stderr, /mirrors\.d\/huge\.yml: too large: more than 1 MiB/);
    copyFileSync(join(FIXTURES, "almalinux-mirrors", "cloud-mirror.yml"), join(repo, "mirrors.d", "cloud-mirror.yml"));
    const r = await runCli(["--db", db(), "import", "almalinux-mirrors", repo, "--distro", "almalinux", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { mirrors: number }).mirrors, 1);
    oneLine(r.stderr, /mirrors\.d\/huge\.yml: too large: more than 1 MiB, the limit for this kind of file; skipped$/);
  });
});

describe("elscope import of folders: regular files only, links never followed", () => {
  test(
    "OSV: a FIFO named like an advisory, a symlink loop and a link out of the folder are skipped",
    NO_HANG,
    async () => {
      const folder = path("osv-special");
      mkdirSync(join(folder, "almalinux9"), { recursive: true });
      writeFileSync(join(folder, "almalinux9", "ALSA-2024-0001.json"), osv("ALSA-2024:0001"));
      execFileSync("mkfifo", [join(folder, "almalinux9", "ALSA-2024-0002.json")]);
      symlinkSync("ALSA-2024-0003.json", join(folder, "almalinux9", "ALSA-2024-0003.json"));
      symlinkSync("..", join(folder, "almalinux9", "up"));
      writeFileSync(path("ALSA-2024-0004.json"), osv("ALSA-2024:0004"));
      symlinkSync(path("ALSA-2024-0004.json"), join(folder, "almalinux9", "ALSA-2024-0004.json"));
      const r = await runCli(["--db", db(), "import", "osv", folder, "--distro", "almalinux", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { advisories: number }).advisories, 1);
      assert.match(r.stderr, /almalinux9\/ALSA-2024-0002\.json: a FIFO, not a regular file; skipped/);
      assert.match(r.stderr, /almalinux9\/ALSA-2024-0003\.json: a symbolic link, not followed; skipped/);
      assert.match(r.stderr, /almalinux9\/ALSA-2024-0004\.json: a symbolic link, not followed; skipped/);
      assert.match(r.stderr, /almalinux9\/up: a symbolic link, not followed; skipped/);
    },
  );

  test("CSAF and mirrors.d folders: a FIFO is skipped, never opened", NO_HANG, async () => {
    const csaf = path("csaf-special");
    mkdirSync(join(csaf, "2024"), { recursive: true });
    copyFileSync(
      join(FIXTURES, "redhat-csaf", "rhsa-2024_2679-src-only.json"),
      join(csaf, "2024", "rhsa-2024_2679.json"),
    );
    execFileSync("mkfifo", [join(csaf, "2024", "rhsa-2024_9999.json")]);
    const c = await runCli(["--db", db(), "import", "redhat-csaf", csaf, "--json"]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal((JSON.parse(c.stdout) as { advisories: number }).advisories, 1);
    oneLine(c.stderr, /2024\/rhsa-2024_9999\.json: a FIFO, not a regular file; skipped$/);

    const repo = path("mirrors-special");
    mkdirSync(join(repo, "mirrors.d"), { recursive: true });
    copyFileSync(join(FIXTURES, "almalinux-mirrors", "cloud-mirror.yml"), join(repo, "mirrors.d", "cloud-mirror.yml"));
    execFileSync("mkfifo", [join(repo, "mirrors.d", "fifo.yml")]);
    symlinkSync("loop.yml", join(repo, "mirrors.d", "loop.yml"));
    const m = await runCli(["--db", db(), "import", "almalinux-mirrors", repo, "--distro", "almalinux", "--json"]);
    assert.equal(m.code, 0, m.stderr);
    assert.equal((JSON.parse(m.stdout) as { mirrors: number }).mirrors, 1);
    assert.match(m.stderr, /mirrors\.d\/fifo\.yml: not a regular file; skipped/);
    assert.match(m.stderr, /mirrors\.d\/loop\.yml: not a regular file; skipped/);
  });
});

describe("a folder where a file is wanted is one line, exit 4, not EISDIR (an internal error)", () => {
  for (const [kind, distro] of [
    ["rocky-apollo", "rocky"],
    ["aws-describe-images", "rocky"],
    ["metalink", "almalinux"],
  ] as const) {
    test(`elscope import ${kind} <folder>`, async () => {
      const folder = path(`folder-for-${kind}`);
      mkdirSync(folder);
      const r = await runCli(["--db", db(), "import", kind, folder, "--distro", distro]);
      assert.equal(r.code, 4, r.stderr);
      oneLine(r.stderr, /: a folder, not a file$/);
    });
  }

  test("elscope images crawl --url <local base>: an image folder that is a folder, not a listing file", async () => {
    const base = path("crawl-base");
    mkdirSync(join(base, "9", "cloud", "x86_64", "images"), { recursive: true });
    const r = await runCli(["--db", db(), "images", "crawl", "--distro", "almalinux", "--release", "9", "--url", base]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /9\/cloud\/x86_64\/images\/: no image folder could be read \(a folder, not a file\)/);
  });
});

describe("messages escape control characters: one line each, nothing for the terminal to obey", () => {
  const HOSTILE = "evil\x1b[2J\x07\n\rFAKE: ok";

  test("an error naming a file whose name holds ESC, BEL, CR and LF", async () => {
    const file = path(`${HOSTILE}.json`);
    writeFileSync(file, '{"advisories":[{"name":"RLSA-2024:1","fixes":"x"}]}');
    const r = await runCli(["--db", db(), "import", "rocky-apollo", file, "--distro", "rocky"]);
    assert.equal(r.code, 5, r.stderr);
    oneLine(r.stderr, /evil\\x1b\[2J\\x07\\n\\rFAKE: ok\.json: RLSA-2024:1: "fixes" is "x", not a list$/);
  });

  test("per-file warnings while a folder is read: a hostile folder name and a hostile advisory id", async () => {
    const folder = path("osv-hostile");
    mkdirSync(join(folder, HOSTILE), { recursive: true });
    writeFileSync(join(folder, HOSTILE, "ALSA-2024-0001.json"), '{"id": 5');
    // An id that sets the window title, starts a line and reverses the text, in a warning (no "published").
    const undated = JSON.parse(osv("ALSA-2024:0002\u001b]0;title\u0007\u2028\u202e")) as Record<string, unknown>;
    delete undated["published"];
    writeFileSync(join(folder, "ALSA-2024-0002.json"), JSON.stringify(undated));
    const r = await runCli(["--db", db(), "import", "osv", folder, "--distro", "almalinux", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0] ?? "", /: ALSA-2024-0002\.json: ALSA-2024:0002\\x1b\]0;title\\x07\\u2028\\u202e: malformed/);
    assert.match(lines[1] ?? "", /evil\\x1b\[2J\\x07\\n\\rFAKE: ok\/ALSA-2024-0001\.json: not valid JSON/);
    for (const line of lines)
      // eslint-disable-next-line no-control-regex -- control characters are what must not be there
      assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
  });

  test("escapeControl: C0, DEL, C1, line separators and bidi overrides; idempotent", () => {
    const text = "a\x00b\x1b[2J\x07\n\r\t\x7f\x9b\u2028\u2029\u202e\u2066z é";
    const once = escapeControl(text);
    assert.equal(once, "a\\x00b\\x1b[2J\\x07\\n\\r\\t\\x7f\\x9b\\u2028\\u2029\\u202e\\u2066z é");
    assert.equal(escapeControl(once), once);
  });
});
