// Issue 13, consistent commands: one reading of --release, one exit code per kind of failure,
// one JSON envelope, checked ad-hoc keys, hints that name the way out, and dnf's conventions.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const BUILT = new Date("2024-05-01T12:00:00Z");
const REPOS = {
  "rhel:9.4/BaseOS/x86_64": BUILT,
  "almalinux:9.4/BaseOS/x86_64": new Date("2024-05-03T12:00:00Z"),
} as const;

let dir: { path: string; remove: () => Promise<void> };
let db = "";
const cli = (...args: string[]) => runCli(["--db", db, ...args]);

before(async () => {
  dir = await tempDir();
  db = join(dir.path, "store.db");
  for (const [key, at] of Object.entries(REPOS)) {
    const repo = join(dir.path, key.replace(/[:/]/g, "-"));
    await buildRpms(
      ["kernel", "kernel-tools", "bash"].map((name) => ({
        name,
        version: "5.14.0",
        release: "427.13.1.el9_4",
        arch: "x86_64",
        fileTime: at,
        withSource: name === "bash",
      })),
      join(repo, "Packages"),
    );
    await createrepo(repo);
    const r = await cli("sync", "--url", repo, "--as", key);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => dir.remove());

describe("--release: a major is every minor of it and the rolling tree, everywhere", () => {
  test("lag --release 9 measures the 9.4 builds, as --release 9.4 does", async () => {
    const args = ["lag", "--upstream", "rhel", "--rebuild", "almalinux", "--json", "--release"];
    const major = await runCliJson<{ rows: { package: string; lagDays: number }[] }>(["--db", db, ...args, "9"]);
    const minor = await runCliJson<{ rows: unknown[] }>(["--db", db, ...args, "9.4"]);
    assert.deepEqual(
      major.rows.map((r) => [r.package, r.lagDays]),
      [
        ["bash", 2],
        ["kernel", 2],
        ["kernel-tools", 2],
      ],
    );
    assert.deepEqual(major.rows, minor.rows);
  });

  test("parity --release 9 compares the major's releases instead of failing", async () => {
    const r = await runCliJson<{ rows: { repo: string; identical: number; upstreamBuilds: number }[] }>([
      "--db",
      db,
      "parity",
      "--upstream",
      "rhel",
      "--rebuild",
      "almalinux",
      "--release",
      "9",
      "--json",
    ]);
    assert.deepEqual(r.rows.at(-1), { ...r.rows.at(-1), repo: "all", identical: 3, upstreamBuilds: 3 });
  });

  test("an unknown release is a usage error (2) listing the catalog's releases, in every command", async () => {
    for (const bad of ["9.9", "nine"]) {
      for (const args of [
        ["lag", "--rebuild", "almalinux", "--release", bad],
        ["parity", "--rebuild", "almalinux", "--release", bad],
        ["packages", `almalinux:${bad}/BaseOS/x86_64`],
      ]) {
        const r = await cli(...args);
        assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
        assert.match(
          r.stderr,
          new RegExp(`^elscope: arguments: no release "${bad}" of .*; known: 8, 8\\.\\d+, .*9, 9\\.0, `),
        );
      }
    }
  });

  test("packages with a major key lists every release of it, each row naming its repository", async () => {
    const r = await runCliJson<{
      rows: { name: string; arch: string; repository: string }[];
      repositories: string[];
    }>(["--db", db, "packages", "almalinux:9/BaseOS/x86_64", "--name", "bash", "--json"]);
    assert.deepEqual(r.repositories, ["almalinux:9.4/BaseOS/x86_64"]);
    assert.deepEqual(
      r.rows.map((x) => [x.repository, x.name, x.arch]),
      [
        ["almalinux:9.4/BaseOS/x86_64", "bash", "src"],
        ["almalinux:9.4/BaseOS/x86_64", "bash", "x86_64"],
      ],
    );
  });
});

describe("exit codes", () => {
  test("no data in the store is exit 6, never a source failure (4): packages and diff", async () => {
    for (const args of [
      ["packages", "almalinux:9.5/BaseOS/x86_64"],
      ["diff", "almalinux:9.4/BaseOS/x86_64", "almalinux:9.5/BaseOS/x86_64"],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 6, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /almalinux:9\.5\/BaseOS\/x86_64: not in the store; run `elscope sync/);
    }
  });

  test("no arguments at all: the help, and exit 2", async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Usage: elscope \[options\] \[command\]/);
  });

  test("an unknown distribution is a usage error (2) naming the known ones, in sync as elsewhere", async () => {
    for (const args of [
      ["sync", "--distro", "alma"],
      ["lag", "--rebuild", "alma"],
      ["mirrors", "stats", "--distro", "alma"],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /no distribution "alma"; known: almalinux, centos-stream, oracle, rhel, rocky\n$/);
    }
  });
});

describe("output shapes", () => {
  test("--json with no data still prints a JSON document with the reason; the exit code stays 6", async () => {
    for (const args of [
      ["lag", "--rebuild", "oracle"],
      ["packages", "oracle:9.4/BaseOS/x86_64"],
      ["mirrors", "stats"],
    ]) {
      const r = await cli(...args, "--json");
      assert.equal(r.code, 6, `${args.join(" ")}: ${r.stderr}`);
      const doc = JSON.parse(r.stdout) as { error: { kind: string; message: string }; rows: unknown[] };
      assert.equal(doc.error.kind, "no-data");
      assert.ok(doc.error.message.includes("elscope "), doc.error.message);
      assert.deepEqual(doc.rows, []);
    }
  });

  test("arches, repos and packages --json: one envelope, { rows, asOf, sources }", async () => {
    for (const args of [["arches"], ["repos"], ["packages", "rhel:9.4/BaseOS/x86_64"]]) {
      const r = await runCliJson<Record<string, unknown>>(["--db", db, ...args, "--json"]);
      assert.ok(Array.isArray(r["rows"]), args.join(" "));
      assert.equal(typeof r["asOf"], "object", args.join(" "));
      assert.ok(Array.isArray(r["sources"]) && (r["sources"] as unknown[]).length > 0, args.join(" "));
    }
  });
});

describe("ad-hoc sync keys are read against the catalog", () => {
  const url = () => join(dir.path, "almalinux-9.4-BaseOS-x86_64");
  const repos = async () => (await runCliJson<{ rows: { key: string }[] }>(["--db", db, "repos", "--json"])).rows;

  test("an unknown distribution, release or architecture fails (2) and creates nothing", async () => {
    const before = await repos();
    for (const [key, problem] of [
      ["rockylinux:9.4/BaseOS/x86_64", /no distribution "rockylinux"; known: almalinux,/],
      ["rocky:9.4/BaseOS/amd64", /no architecture "amd64" for rocky 9\.4 BaseOS; known: x86_64, aarch64, .*--new-repo/],
      ["rocky:9.9/BaseOS/x86_64", /no release "9\.9" of rocky; known: /],
      ["rocky:9.4/Nonsense/x86_64", /no repository "Nonsense" in rocky 9\.4; known: BaseOS, AppStream, .*--new-repo/],
    ] as const) {
      const r = await cli("sync", "--url", url(), "--as", key);
      assert.equal(r.code, 2, `${key}: ${r.stderr}`);
      assert.match(r.stderr, problem);
    }
    assert.deepEqual(await repos(), before);
  });

  test("the repository name is stored as catalog sync stores it; a key outside the catalog needs --new-repo", async () => {
    assert.equal((await cli("sync", "--url", url(), "--as", "rocky:9.4/baseos/x86_64")).code, 0);
    assert.equal((await cli("sync", "--url", url(), "--as", "rocky:9.4/Nonsense/x86_64", "--new-repo")).code, 0);
    const keys = (await repos()).map((r) => r.key).filter((k) => k.startsWith("rocky:"));
    assert.deepEqual(keys, ["rocky:9.4/BaseOS/x86_64", "rocky:9.4/Nonsense/x86_64"]);
  });
});

describe("hints", () => {
  test("RHEL without an entitlement: the variables to set, and what is public instead", async () => {
    const r = await cli("sync", "--distro", "rhel", "--release", "9.4", "--repo", "BaseOS", "--arch", "x86_64");
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /set ELSCOPE_RHEL_CERT and ELSCOPE_RHEL_KEY .*, and ELSCOPE_RHEL_CA \(or --cacert\)/);
    assert.match(
      r.stderr,
      /hint: without an entitlement, rhel is measured from public data: sync its public repositories \(--repo UBI-BaseOS,UBI-AppStream\), or import its public advisories as its clock \(elscope import redhat-csaf https:\/\/security\.access\.redhat\.com\/data\/csaf\/v2\/advisories\/\)/,
    );
  });

  test("import of an unknown kind lists every kind; a CSV file is not an OSV source, in one line", async () => {
    const foo = await cli("import", "foo", "x");
    assert.equal(foo.code, 2);
    for (const kind of ["endoflife-release-data", "osv", "redhat-csaf", "almalinux-mirrors", "countme-totals"])
      assert.ok(foo.stderr.includes(` ${kind},`) || foo.stderr.includes(` ${kind} (`), kind);
    const csv = join(dir.path, "mirrors.csv");
    await writeFile(csv, "date,count\n2024-01-01,3\n");
    const osv = await cli("import", "osv", csv, "--distro", "almalinux");
    assert.equal(osv.code, 4);
    assert.match(
      osv.stderr,
      /^elscope: almalinux:osv: .*mirrors\.csv: not an OSV source: give a folder of OSV JSON files, its git repository or a git bundle\n$/,
    );
  });

  test("a wrong-case repository name suggests the right one", async () => {
    const r = await cli("packages", "almalinux:9.4/baseos/x86_64");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no repository "baseos" in almalinux 9\.4; did you mean BaseOS\?/);
  });
});

describe("--csv wherever there is --json", () => {
  test("sync --csv: the summary rows", async () => {
    const url = join(dir.path, "almalinux-9.4-BaseOS-x86_64");
    const r = await cli("sync", "--url", url, "--as", "almalinux:9.4/BaseOS/x86_64", "--csv");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^status,packages,added,removed,changed,warnings,key,url,/);
    assert.match(r.stdout, /\r\nunchanged,4,0,0,0,,almalinux:9\.4\/BaseOS\/x86_64,/);
  });

  test("catalog --csv and import --csv", async () => {
    const cat = await cli("catalog", "--csv");
    assert.equal(cat.code, 0, cat.stderr);
    assert.match(cat.stdout, /^distro,role,major,releases,arches,repos\r\n/);
    assert.match(cat.stdout, /\r\nrhel,upstream,9,9 9\.0 /);
    const fixture = fileURLToPath(
      new URL("../../test/fixtures/endoflife-release-data/redhat-minors-to-9-3.json", import.meta.url),
    );
    const imp = await cli("import", "endoflife-release-data", fixture, "--distro", "rhel", "--csv");
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /^distro,kind,source,dates,warnings\r\nrhel,endoflife-release-data,.*,\d+,0\r\n$/);
  });
});

describe("dnf conventions in packages", () => {
  test("--name takes globs, --qf rpm's tags, --csv the rows, and * in the key", async () => {
    const qf = await cli(
      "packages",
      "almalinux:9.4/*/x86_64",
      "--name",
      "kernel*",
      "--qf",
      "%{name}-%{version}-%{release}.%{arch} %{sourcerpm} %{buildtime} %{repoid}",
    );
    assert.equal(qf.code, 0, qf.stderr);
    const lines = qf.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 2);
    assert.match(
      lines[0] ?? "",
      /^kernel-5\.14\.0-427\.13\.1\.el9_4\.x86_64 kernel-5\.14\.0-427\.13\.1\.el9_4\.src\.rpm \d{10} almalinux:9\.4\/BaseOS\/x86_64$/,
    );
    assert.match(lines[1] ?? "", /^kernel-tools-5\.14\.0-/);
    const csv = await cli("packages", "almalinux:9.4/BaseOS/*", "--name", "ba?h", "--csv");
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^name,epoch,version,release,arch,sourcerpm,.*,repository\r\n/);
    assert.equal(csv.stdout.trimEnd().split("\r\n").length, 3, "bash.x86_64 and bash.src");
    const bad = await cli("packages", "almalinux:9.4/BaseOS/x86_64", "--qf", "%{nosuchtag}");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--qf: no tag %\{nosuchtag\}; known: name, epoch, version, release, arch, /);
  });
});
