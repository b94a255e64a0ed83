import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { dnfRepoquery } from "./helpers/dnf-repoquery.js";
import { runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

interface PackageRow {
  name: string;
  epoch: number;
  version: string;
  release: string;
  arch: string;
  sourcerpm: string | null;
  summary: string;
  fileTime: string | null;
  buildTime: string | null;
  firstSeen: string;
  lastSeen: string;
}

/** `elscope packages --json`: the rows of its answer. */
async function packageRows(args: readonly string[]): Promise<PackageRow[]> {
  return (await runCliJson<{ rows: PackageRow[] }>(args)).rows;
}

const KERNEL_FILE_TIME = new Date("2024-05-06T12:34:56Z");

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;
let repoDir: string;

before(async () => {
  dir = await tempDir();
  // A mirror-like layout, as on repo.almalinux.org.
  repoDir = join(dir.path, "mirror", "9.4", "BaseOS", "x86_64", "os");
  const pkgDir = join(repoDir, "Packages");
  await mkdir(pkgDir, { recursive: true });
  await buildRpms(
    [
      { name: "bash", version: "5.1.8", release: "6.el9", arch: "x86_64", withSource: true },
      { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64", withSource: true },
      { name: "glibc", version: "2.34", release: "100.el9_4.2", arch: "x86_64" },
      { name: "glibc", version: "2.34", release: "100.el9_4.2", arch: "i686" },
      { name: "tzdata", version: "2024a", release: "1.el9", arch: "noarch" },
      {
        name: "shadow-utils",
        version: "4.9",
        release: "8.el9",
        epoch: 2,
        arch: "x86_64",
        summary: 'Tools & <utilities> for "shadow" passwords',
      },
      { name: "kernel", version: "5.14.0", release: "427.13.1.el9_4", arch: "x86_64", fileTime: KERNEL_FILE_TIME },
    ],
    pkgDir,
  );
  await createrepo(repoDir);
  server = await startStaticServer(join(dir.path, "mirror"));
});

after(async () => {
  await server.close();
  await dir.remove();
});

test("stored packages equal what dnf repoquery lists for the same repository", async () => {
  const url = `${server.url}/9.4/BaseOS/x86_64/os/`;
  const db = join(dir.path, "store.db");
  const summary = await runCliJson<{ updated: number }>([
    "--db",
    db,
    "sync",
    "--url",
    url,
    "--as",
    "test:9.4/BaseOS/x86_64",
    "--new-repo",
    "--json",
  ]);
  assert.equal(summary.updated, 1);
  const stored = await packageRows(["--db", db, "packages", "test:9.4/BaseOS/x86_64", "--json"]);
  const oracle = await dnfRepoquery(url);
  assert.equal(oracle.length, 9, "fixture should hold 7 binary and 2 source packages");
  const mine = stored
    .map((p) => ({
      name: p.name,
      epoch: p.epoch,
      version: p.version,
      release: p.release,
      arch: p.arch,
      sourcerpm: p.sourcerpm,
      summary: p.summary,
      buildtime: (p.buildTime ?? "").slice(0, 16).replace("T", " "),
    }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const theirs = oracle
    .map((o) => ({
      name: o.name,
      epoch: o.epoch,
      version: o.version,
      release: o.release,
      arch: o.arch,
      sourcerpm: o.sourcerpm,
      summary: o.summary,
      buildtime: o.buildtime,
    }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  assert.deepEqual(mine, theirs);
});

test("the file time set on an RPM is the fileTime stored for it", async () => {
  const db = join(dir.path, "filetime.db");
  await runCliJson([
    "--db",
    db,
    "sync",
    "--url",
    `${server.url}/9.4/BaseOS/x86_64/os/`,
    "--as",
    "t:9.4/BaseOS/x86_64",
    "--new-repo",
    "--json",
  ]);
  const rows = await packageRows(["--db", db, "packages", "t:9.4/BaseOS/x86_64", "--name", "kernel", "--json"]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.fileTime, KERNEL_FILE_TIME.toISOString());
  assert.match(rows[0]?.firstSeen ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test("a local path syncs the same packages as HTTP", async () => {
  const db = join(dir.path, "local.db");
  await runCliJson(["--db", db, "sync", "--url", repoDir, "--as", "t:9.4/BaseOS/x86_64", "--new-repo", "--json"]);
  const rows = await packageRows(["--db", db, "packages", "t:9.4/BaseOS/x86_64", "--json"]);
  assert.equal(rows.length, 9);
});

test("dnf and elscope read the hand-edited fixture (CDATA, comments, quoting, entities) the same way", async () => {
  const { readFile, cp } = await import("node:fs/promises");
  const { gzipSync } = await import("node:zlib");
  const { replaceMetadata } = await import("./helpers/tamper-repo.js");
  const fixture = await readFile(
    new URL("../../test/fixtures/rpm-md-primary/hand-edited-cdata-comments-quoting.xml", import.meta.url),
  );
  const repo = join(dir.path, "mirror", "hand-edited");
  await cp(repoDir, repo, { recursive: true });
  await replaceMetadata(repo, "primary", gzipSync(fixture));
  const url = `${server.url}/hand-edited/`;
  const db = join(dir.path, "hand.db");
  await runCliJson(["--db", db, "sync", "--url", url, "--as", "h:9/BaseOS/x86_64", "--new-repo", "--json"]);
  const stored = await packageRows(["--db", db, "packages", "h:9/BaseOS/x86_64", "--json"]);
  const oracle = await dnfRepoquery(url);
  assert.deepEqual(
    stored.map((p) => [p.name, p.epoch, p.version, p.release, p.arch, p.sourcerpm, p.summary]),
    oracle.map((o) => [o.name, o.epoch, o.version, o.release, o.arch, o.sourcerpm, o.summary]),
  );
});
