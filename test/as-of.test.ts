import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { copiesUpstreamDate } from "../src/model/copies-upstream-date.js";
import { parseAsOf } from "../src/queries/parse-as-of.js";
import { openStore } from "../src/store/open-store.js";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { commitAll } from "./helpers/commit-all.js";
import { DIALECTS, freshStore } from "./helpers/dialects.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";
import { mirrorListHistory } from "./helpers/mirror-list-history.js";

const FIX = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));

interface Packages {
  rows: { name: string; release: string; lastSeen: string }[];
  requestedAsOf?: string;
}
interface Repos {
  rows: { key: string; snapshots: number; binaryPackages: number; fetchedAt: string; checkedAt: string }[];
  requestedAsOf?: string;
}

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;

before(async () => {
  dir = await tempDir();
  server = await startStaticServer(join(dir.path, "www"));
});
after(async () => {
  await server.close();
  await dir.remove();
});

const nevras = (p: Packages) => p.rows.map((r) => `${r.name}-${r.release}`);

for (const dialect of DIALECTS) {
  test(`${dialect}: three syncs of a changing repository, read as of each one, before any and after the last`, async () => {
    const repo = join(dir.path, "www", dialect, "9", "BaseOS", "x86_64", "os");
    const pkgs = join(repo, "Packages");
    await mkdir(pkgs, { recursive: true });
    const db = await freshStore(dialect, dir.path, "asof");
    const key = "asof:9/BaseOS/x86_64";
    const url = `${server.url}/${dialect}/9/BaseOS/x86_64/os/`;
    const sync = async (): Promise<string> => {
      const r = await runCli(["--db", db, "sync", "--url", url, "--as", key, "--new-repo"]);
      assert.equal(r.code, 0, r.stderr);
      const repos = await runCliJson<Repos>(["--db", db, "repos", "--json"]);
      return repos.rows[0]?.fetchedAt ?? "";
    };
    // 1: bash 6 and tzdata. 2: bash 9 replaces 6, kernel appears. 3: kernel is gone again.
    const [bash6] = await buildRpms([{ name: "bash", version: "5.1.8", release: "6.el9", arch: "x86_64" }], pkgs);
    await buildRpms([{ name: "tzdata", version: "2024a", release: "1.el9", arch: "noarch" }], pkgs);
    await createrepo(repo);
    const t1 = await sync();
    await rm(join(pkgs, bash6 ?? ""));
    const [, kernel] = await buildRpms(
      [
        { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" },
        { name: "kernel", version: "5.14.0", release: "427.el9", arch: "x86_64" },
      ],
      pkgs,
    );
    await createrepo(repo);
    const t2 = await sync();
    await rm(join(pkgs, kernel ?? ""));
    await createrepo(repo);
    const t3 = await sync();
    assert.ok(t1 < t2 && t2 < t3, `three snapshots in order: ${t1} ${t2} ${t3}`);

    const packages = (asOf?: string) =>
      runCliJson<Packages>(["--db", db, "packages", key, "--json", ...(asOf === undefined ? [] : ["--as-of", asOf])]);
    const at1 = await packages(t1);
    assert.deepEqual(nevras(at1), ["bash-6.el9", "tzdata-1.el9"]);
    assert.equal(at1.requestedAsOf, t1);
    // Seen again after t1, as of t1 it was last seen at the first snapshot's fetch.
    assert.ok(at1.rows.every((r) => r.lastSeen <= t1));
    // Between the second and third sync: the second snapshot.
    const mid = new Date((Date.parse(t2) + Date.parse(t3)) / 2).toISOString();
    assert.deepEqual(nevras(await packages(mid)), ["bash-9.el9", "kernel-427.el9", "tzdata-1.el9"]);
    const newest = await packages();
    assert.deepEqual(nevras(newest), ["bash-9.el9", "tzdata-1.el9"]);
    assert.equal(newest.requestedAsOf, undefined, "a newest-state answer is as it was");
    assert.deepEqual(nevras(await packages(new Date().toISOString())), nevras(newest), "after the last: the newest");

    const repos = await runCliJson<Repos>(["--db", db, "repos", "--json", "--as-of", t1]);
    assert.deepEqual(
      repos.rows.map((r) => [r.key, r.snapshots, r.binaryPackages, r.fetchedAt]),
      [[key, 1, 2, t1]],
    );
    assert.ok((repos.rows[0]?.checkedAt ?? "") <= t1, "no check later than the as-of");
    const reposMid = await runCliJson<Repos>(["--db", db, "repos", "--json", "--as-of", mid]);
    assert.deepEqual(
      reposMid.rows.map((r) => [r.snapshots, r.binaryPackages]),
      [[2, 3]],
    );

    // The same store's diff of one repository with itself, as of the second snapshot, sees kernel.
    const diff = await runCliJson<{ unchanged: number; requestedAsOf: string }>([
      "--db",
      db,
      "diff",
      key,
      key,
      "--json",
      "--as-of",
      mid,
    ]);
    assert.equal(diff.unchanged, 3);
    assert.equal(diff.requestedAsOf, mid);

    // Before any data: no data (exit 6), saying so; the text output names its as-of.
    const before = await runCli(["--db", db, "packages", key, "--as-of", "2000-01-01"]);
    assert.equal(before.code, 6, before.stderr);
    assert.match(before.stderr, /no data as of 2000-01-01T23:59:59\.999Z \(--as-of\)/);
    const reposBefore = await runCli(["--db", db, "repos", "--as-of", "2000-01-01"]);
    assert.equal(reposBefore.code, 6);
    const text = await runCli(["--db", db, "packages", key, "--as-of", t1]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^as of ${t1.replace(/\./g, "\\.")} \\(--as-of\\)\\n`));
    for (const bad of ["yesterday", "2025-02-30", "2025-06-30T12:00:00", "2999-01-01"]) {
      const r = await runCli(["--db", db, "packages", key, "--as-of", bad]);
      assert.equal(r.code, 2, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--as-of wants a day/);
    }

    // The API alike, in process: ?asOf= past the caches, a 404 before any data, a 400 for a bad one.
    const store = await openStore(db);
    try {
      const app = readOnlyApp(store);
      const q = (path: string) => app.request(path);
      const newestApi = (await (await q(`/api/packages?repo=${encodeURIComponent(key)}`)).json()) as Packages;
      assert.deepEqual(nevras(newestApi), ["bash-9.el9", "tzdata-1.el9"]);
      const res = await q(`/api/packages?repo=${encodeURIComponent(key)}&asOf=${encodeURIComponent(t1)}`);
      assert.equal(res.status, 200);
      const atApi = (await res.json()) as Packages;
      assert.deepEqual(nevras(atApi), ["bash-6.el9", "tzdata-1.el9"]);
      assert.equal(atApi.requestedAsOf, t1);
      // Asked again without asOf: still the newest (the as-of answer was not kept in its place).
      assert.deepEqual(nevras((await (await q(`/api/packages?repo=${encodeURIComponent(key)}`)).json()) as Packages), [
        "bash-9.el9",
        "tzdata-1.el9",
      ]);
      const none = await q("/api/repos?asOf=2000-01-01");
      assert.equal(none.status, 404);
      assert.equal(((await none.json()) as { error: { kind: string } }).error.kind, "no-data");
      const bad = await q("/api/repos?asOf=2025-13-01");
      assert.equal(bad.status, 400);
      const reposApi = (await (await q(`/api/repos?asOf=${encodeURIComponent(mid)}`)).json()) as Repos;
      assert.deepEqual(
        reposApi.rows.map((r) => r.snapshots),
        [2],
      );
    } finally {
      await store.close();
    }
  });
}

test("an OSV git history: advisories as of a time are those the feed had carried by then", async () => {
  const repo = join(dir.path, "osv-database");
  mkdirSync(join(repo, "advisories", "almalinux9"), { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  const doc = (id: string, published: string) =>
    JSON.stringify({ id, summary: "an update", published, modified: published, affected: [] });
  writeFileSync(
    join(repo, "advisories", "almalinux9", "ALBA-2024:0001.json"),
    doc("ALBA-2024:0001", "2024-01-05T00:00:00Z"),
  );
  commitAll(repo, "2024-01-10T12:00:00Z", "first");
  copyFileSync(FIX + "osv/alsa-thunderbird-security-trimmed.json", join(repo, "advisories", "almalinux9", "ALSA.json"));
  commitAll(repo, "2024-11-06T10:00:00Z", "second");
  // Published long before its commit: known only since the feed carried it.
  writeFileSync(
    join(repo, "advisories", "almalinux9", "ALBA-2023:0009.json"),
    doc("ALBA-2023:0009", "2023-06-01T00:00:00Z"),
  );
  commitAll(repo, "2025-03-01T08:00:00Z", "third");
  const db = join(dir.path, "osv.db");
  const imp = await runCli(["--db", db, "import", "osv", repo, "--distro", "almalinux"]);
  assert.equal(imp.code, 0, imp.stderr);
  const store = await openStore(db);
  try {
    const ids = async (at: string) =>
      (await store.at(parseAsOf(at, "test")).advisories("almalinux")).map((a) => a.id).sort();
    assert.deepEqual(await ids("2023-12-31"), []);
    assert.deepEqual(await ids("2024-01-10T12:00:00Z"), ["ALBA-2024:0001"]);
    assert.deepEqual(await ids("2024-12-01"), ["ALBA-2024:0001", "ALSA-2024:8793"]);
    assert.deepEqual(await ids("2025-03-01"), ["ALBA-2023:0009", "ALBA-2024:0001", "ALSA-2024:8793"]);
    assert.equal((await store.advisories("almalinux")).length, 3, "the newest state keeps them all");
    // The upstream clock's read (clockAdvisories) is the full read narrowed: as of each time too.
    for (const at of ["2023-12-31", "2024-01-10T12:00:00Z", "2024-12-01", "2025-03-01"]) {
      const known = store.at(parseAsOf(at, "test"));
      const all = await known.advisories("almalinux");
      assert.deepEqual(
        await known.clockAdvisories("almalinux", "rebuild"),
        {
          kinds: [...new Set(all.map((a) => a.sourceKind))].sort(),
          advisories: all
            .filter((a) => copiesUpstreamDate(a.sourceKind) && a.issued !== null && a.packages.length > 0)
            .map((a) => ({ issued: a.issued, sourceKind: a.sourceKind, packages: a.packages })),
        },
        at,
      );
    }
    assert.equal((await store.clockAdvisories("almalinux", "rebuild")).advisories.length, 1);
  } finally {
    await store.close();
  }
});

test("mirror-list commits: mirrors stats as of a time reads the list committed by then", async () => {
  const db = join(dir.path, "mirrors.db");
  await mirrorListHistory(dir.path, db);
  interface Stats {
    distros: { mirrors: { total: number }; growth: unknown[]; countries: { country: string }[] }[];
    requestedAsOf?: string;
  }
  const stats = (asOf: string) =>
    runCliJson<Stats>(["--db", db, "mirrors", "stats", "--distro", "almalinux", "--json", "--as-of", asOf]);
  const feb = await stats("2024-02-20");
  assert.equal(feb.distros[0]?.mirrors.total, 3);
  assert.equal(feb.distros[0]?.growth.length, 2, "the history up to then");
  assert.equal(feb.requestedAsOf, "2024-02-20T23:59:59.999Z");
  const jan = await stats("2024-01-10T10:00:00Z");
  assert.deepEqual(
    jan.distros[0]?.countries.map((c) => c.country),
    ["DE"],
  );
  const none = await runCli(["--db", db, "mirrors", "stats", "--as-of", "2023-12-31"]);
  assert.equal(none.code, 6);
  assert.match(none.stderr, /no data as of 2023-12-31T23:59:59\.999Z/);
  // Today's day is now, not a time still to come.
  assert.ok(parseAsOf(new Date().toISOString().slice(0, 10), "test") <= new Date());
});
