import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Kysely, sql } from "#kysely";
import { buildRpms, createrepo, type RpmSpec } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";
import type { ProvenanceAnswer } from "../src/queries/provenance-query.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { buildReport } from "../src/report/build-report.js";
import { openStore } from "../src/store/open-store.js";
import { readOnlyApp } from "./helpers/read-only-app.js";

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir();
});
after(async () => {
  await dir.remove();
});

const PERIDOT_HOST = "pb-9e429f59-5a4f-4a20-a90a-dbc3d1c6a5c0-b-x86-64";
const ROCKY_PACKAGER = "Rocky Linux Build System (Peridot) <releng@rockylinux.org>";
const ROCKY_VENDOR = "Rocky Enterprise Software Foundation";

const rpm = (name: string, host: string, vendor = ROCKY_VENDOR, packager = ROCKY_PACKAGER): RpmSpec => ({
  name,
  version: "1.0",
  release: "1.el9",
  arch: "x86_64",
  defines: { _buildhost: host, vendor, packager },
});

/** Builds `specs` into a fresh repository and syncs it into `db` as `key`. */
async function syncRepo(db: string, key: string, specs: readonly RpmSpec[]): Promise<void> {
  const repo = join(dir.path, key.replace(/[^a-z0-9]/gi, "_"));
  await rm(repo, { recursive: true, force: true });
  await buildRpms(specs, join(repo, "Packages"));
  await createrepo(repo);
  const r = await runCli(["--db", db, "sync", "--url", repo, "--as", key]);
  assert.equal(r.code, 0, r.stderr);
}

test("provenance counts builds per build host, build system, packager and vendor, and finds a build-system change between releases", async () => {
  const db = join(dir.path, "rocky.db");
  await syncRepo(db, "rocky:8.10/BaseOS/x86_64", [
    rpm("bash", "koji-x86-64-01.rockylinux.org"),
    rpm("zsh", "koji-x86-64-02.rockylinux.org"),
    rpm("tcsh", PERIDOT_HOST),
  ]);
  await syncRepo(db, "rocky:9.0/BaseOS/x86_64", [
    rpm("bash", PERIDOT_HOST),
    rpm("zsh", PERIDOT_HOST),
    // Built elsewhere: a vendor and packager Rocky does not ship.
    rpm("odd", "builder.example.com", "Example Corp", "Someone <someone@example.com>"),
  ]);
  const a = await runCliJson<ProvenanceAnswer>(["--db", db, "provenance", "--distro", "rocky", "--json"]);
  assert.equal(a.distro, "rocky");
  assert.equal(a.snapshots.repositories, 2);
  assert.ok(a.asOf["rocky"] !== null);
  assert.deepEqual(
    a.groups.map((g) => [g.release, g.domain, g.system, g.vendor, g.builds, g.packages, g.expectedVendor]),
    [
      ["8.10", "rockylinux.org", "Koji (Rocky, assumed)", ROCKY_VENDOR, 2, 2, true],
      ["8.10", null, "Peridot", ROCKY_VENDOR, 1, 1, true],
      ["9.0", null, "Peridot", ROCKY_VENDOR, 2, 2, true],
      ["9.0", "example.com", null, "Example Corp", 1, 1, false],
    ],
  );
  assert.equal(a.groups.find((g) => g.system === "Peridot")?.exampleHost, PERIDOT_HOST);
  assert.deepEqual(
    a.releases.map((r) => [r.release, r.first.system, r.first.share, r.newest.system]),
    [
      ["8.10", "Koji (Rocky, assumed)", 0.667, "Koji (Rocky, assumed)"],
      ["9.0", "Peridot", 0.667, "Peridot"],
    ],
  );
  assert.deepEqual(a.changes, [
    { kind: "between-releases", release: "9.0", previousRelease: "8.10", from: "Koji (Rocky, assumed)", to: "Peridot" },
  ]);
  assert.deepEqual(
    a.unexpected.map((u) => [u.release, u.field, u.value, u.packages]),
    [
      ["9.0", "packager", "Someone <someone@example.com>", 1],
      ["9.0", "vendor", "Example Corp", 1],
    ],
  );
  const text = await runCli(["--db", db, "provenance", "--distro", "rocky", "--release", "9"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /unexpected vendor or packager: 2\n/);
  assert.match(text.stdout, /build-system changes: 0\n/);
  assert.doesNotMatch(text.stdout, /^8\.10 /m, "--release 9 leaves 8.10 out");
  // One query for the CLI, the API and the report.
  const store = await openStore(db);
  try {
    const res = await readOnlyApp(store).request("/api/provenance?distro=rocky");
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), a);
    assert.equal((await readOnlyApp(store).request("/api/provenance")).status, 400);
    const report = await buildReport({
      catalog: loadCatalog(),
      store,
      facts: [],
      upstream: "rhel",
      distros: ["rocky"],
      now: new Date(),
    });
    const section = report.sections.find((x) => x.id === "provenance");
    const changes = section?.tables.find((t) => t.title.startsWith("Build-system changes"));
    assert.deepEqual(changes?.rows, [["rocky", "8.10 → 9.0", "Koji (Rocky, assumed)", "Peridot", null]]);
    assert.ok(section?.noData.some((n) => n.command === "elscope provenance --distro rocky --signatures"));
  } finally {
    await store.close();
  }
  const csv = await runCli(["--db", db, "provenance", "--distro", "rocky", "--csv"]);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(
    csv.stdout.split("\r\n")[0],
    "distro,release,domain,exampleHost,system,packager,vendor,packages,builds,since,expectedVendor,expectedPackager,asOf",
  );
  // The API's CSV is the command's, row for row.
  const store2 = await openStore(db);
  try {
    const res = await readOnlyApp(store2).request("/api/provenance?distro=rocky&format=csv");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.equal(await res.text(), csv.stdout);
  } finally {
    await store2.close();
  }
});

test("a repository whose packages move to another build system between snapshots is a measured change within the release", async () => {
  const db = join(dir.path, "alma.db");
  const key = "almalinux:9.4/BaseOS/x86_64";
  const alma = (name: string, host: string, release: string): RpmSpec => ({
    name,
    version: "1.0",
    release,
    arch: "x86_64",
    defines: {
      _buildhost: host,
      vendor: "AlmaLinux",
      packager: "AlmaLinux Packaging Team <packager@almalinux.org>",
    },
  });
  await syncRepo(db, key, [alma("a", "build01.cloudlinux.com", "1.el9"), alma("b", "build01.cloudlinux.com", "1.el9")]);
  await syncRepo(db, key, [alma("a", "build01.almalinux.org", "2.el9"), alma("b", "build01.almalinux.org", "2.el9")]);
  const a = await runCliJson<ProvenanceAnswer>(["--db", db, "provenance", "--distro", "almalinux", "--json"]);
  assert.deepEqual(
    a.groups.map((g) => [g.domain, g.system, g.packages, g.expectedPackager]),
    [["almalinux.org", "ALBS", 2, true]],
  );
  assert.deepEqual(
    a.releases.map((r) => [r.release, r.first.system, r.newest.system]),
    [["9.4", null, "ALBS"]],
  );
  assert.equal(a.changes.length, 1);
  const c = a.changes[0];
  assert.ok(c?.kind === "within-release");
  assert.deepEqual([c.repository, c.from, c.to], [key, null, "ALBS"]);

  // The summary each sync kept is what grouping the rows gives, and one of an older snapshot is never read.
  const store = await openStore(db);
  try {
    const kept = await store.provenanceRows("almalinux");
    assert.equal(kept.intervals.length, 2);
    assert.ok(kept.builds.length > 0);
    const raw = store.db as unknown as Kysely<unknown>;
    const summaries = await sql<{ n: number }>`select count(*) as n from provenance_summaries`.execute(raw);
    assert.equal(Number(summaries.rows[0]?.n), 1);
    await sql`update provenance_summaries set snapshot_id = (select min(id) from snapshots), builds = '[]'`.execute(
      raw,
    );
    assert.deepEqual(await store.provenanceRows("almalinux"), kept);
    await sql`delete from provenance_summaries`.execute(raw);
    assert.deepEqual(await store.provenanceRows("almalinux"), kept);
  } finally {
    await store.close();
  }
});

test("provenance of a distribution with nothing synced is no data (exit 6), of an unknown one a usage error (exit 2)", async () => {
  const db = join(dir.path, "empty.db");
  const none = await runCli(["--db", db, "provenance", "--distro", "oracle"]);
  assert.equal(none.code, 6, none.stderr);
  assert.match(none.stderr, /elscope sync --distro oracle/);
  assert.equal((await runCli(["--db", db, "provenance", "--distro", "nosuch"])).code, 2);
  assert.equal((await runCli(["--db", db, "provenance"])).code, 2);
});
