import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIX = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const ALSA = "osv/alsa-thunderbird-security-trimmed.json";
const ALBA = "osv/alba-bugfix-2019-trimmed.json";
const ALSA_SEEN = "2024-11-06T10:00:00.000Z";

interface Lag {
  coverage: { known: boolean; upstreamAdvisories: number | null; withoutCounterpart: string[] | null };
  rows: {
    advisory: string;
    upstreamId: string;
    upstreamDate: string | null;
    upstreamDateSource: string | null;
    date: string | null;
    dateSource: string | null;
    lagDays: number | null;
    severity: string | null;
    majors: string[];
  }[];
  summaries: { groupBy: string; group: string; advisories: number; measured: number }[];
}

let dir: { path: string; remove: () => Promise<void> };

/** RHEL's CSAF, Rocky Linux's Apollo page and AlmaLinux's errata.json for the same RHSA, into `db`. */
async function importThreeFeeds(db: string): Promise<void> {
  for (const [kind, file, distro] of [
    ["redhat-csaf", "redhat-csaf/rhsa-csaf-documented-format.json", "rhel"],
    ["rocky-apollo", "rocky-apollo/advisories-page-documented-format.json", "rocky"],
    ["almalinux-errata", "almalinux-errata/errata-json-documented-format.json", "almalinux"],
  ] as const) {
    const r = await runCli(["--db", db, "import", kind, FIX + file, "--distro", distro]);
    assert.equal(r.code, 0, r.stderr);
  }
}
let repo: string;

/** A git repository laid out like the AlmaLinux OSV database, with commit times we choose. */
function commit(cwd: string, when: string, message: string): void {
  execFileSync("git", ["add", "-A"], { cwd });
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", message], {
    cwd,
    env: { ...process.env, GIT_COMMITTER_DATE: when, GIT_AUTHOR_DATE: when },
  });
}

before(async () => {
  dir = await tempDir();
  repo = join(dir.path, "osv-database");
  mkdirSync(join(repo, "advisories", "almalinux8"), { recursive: true });
  mkdirSync(join(repo, "advisories", "almalinux9"), { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  // The real 2019 file names no upstream advisory; this copy adds the reference a later one would have.
  const alba = JSON.parse(readFileSync(FIX + ALBA, "utf8")) as { references: { url: string; type: string }[] };
  alba.references.push({ url: "https://access.redhat.com/errata/RHBA-2019:0973", type: "ADVISORY" });
  writeFileSync(join(repo, "advisories", "almalinux8", "ALBA-2019:0973.json"), JSON.stringify(alba));
  commit(repo, "2023-03-31T12:00:00Z", "import history");
  copyFileSync(FIX + ALSA, join(repo, "advisories", "almalinux9", "ALSA-2024:8793.json"));
  writeFileSync(join(repo, "advisories", "almalinux9", "ALSA-2099:0001.json"), '{"id": "ALSA-2099:0001", "summary": ');
  commit(repo, ALSA_SEEN, "new advisories");
});
after(() => dir.remove());

test("OSV advisories from a git repository: the history gives when each first appeared", async () => {
  const db = join(dir.path, "git.db");
  const imp = await runCli(["--db", db, "import", "osv", repo, "--distro", "almalinux", "--json"]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.deepEqual(JSON.parse(imp.stdout), {
    advisories: 2,
    distro: "almalinux",
    kind: "osv",
    source: repo,
    warnings: 1,
    withGitTime: 1,
  });
  assert.match(imp.stderr, /almalinux:osv: advisories\/almalinux9\/ALSA-2099:0001\.json: .*not valid JSON/);
  const lag = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  const published = (JSON.parse(readFileSync(FIX + ALSA, "utf8")) as { published: string }).published;
  const alsa = lag.rows.find((r) => r.advisory === "ALSA-2024:8793");
  assert.deepEqual(
    [
      alsa?.upstreamId,
      alsa?.upstreamDate,
      alsa?.upstreamDateSource,
      alsa?.date,
      alsa?.dateSource,
      alsa?.severity,
      alsa?.majors,
    ],
    [
      "RHSA-2024:8793",
      new Date(published).toISOString(),
      "copied by the rebuild",
      ALSA_SEEN,
      "git first seen",
      "Moderate",
      ["9"],
    ],
  );
  assert.equal(alsa?.lagDays, Math.round(((Date.parse(ALSA_SEEN) - Date.parse(published)) / 86_400_000) * 100) / 100);
  // Present when the repository started: its publication time is unknown, not the import's.
  const alba = lag.rows.find((r) => r.advisory === "ALBA-2019:0973");
  assert.deepEqual([alba?.date, alba?.lagDays], [null, null]);
  assert.equal(lag.coverage.known, false);
  assert.deepEqual(
    lag.summaries.filter((s) => s.groupBy === "all").map((s) => [s.advisories, s.measured]),
    [[2, 1]],
  );
});

test("the same from a git bundle; upstream updateinfo makes coverage and dates the upstream's own", async () => {
  const bundle = join(dir.path, "osv.bundle");
  execFileSync("git", ["bundle", "create", "-q", bundle, "--all"], { cwd: repo });
  const db = join(dir.path, "bundle.db");
  assert.equal((await runCli(["--db", db, "import", "osv", bundle, "--distro", "almalinux"])).code, 0);
  const up = await runCli([
    "--db",
    db,
    "import",
    "rpm-md-updateinfo",
    FIX + "rpm-md-updateinfo/rhsa-and-alsa-with-epoch-and-cves.xml",
    "--distro",
    "rhel",
  ]);
  assert.equal(up.code, 0, up.stderr);
  const lag = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  assert.deepEqual(lag.coverage, {
    known: true,
    upstreamAdvisories: 2,
    withoutCounterpart: ["ALBA-2024:2600", "RHSA-2024:2568"],
  });
  // Those two are not RHEL's own advisories for these packages, so nothing is matched; the ALSA keeps the copied date.
  assert.equal(lag.rows.find((r) => r.advisory === "ALSA-2024:8793")?.upstreamDateSource, "copied by the rebuild");
  const exposure = await runCliJson<{ rows: { cve: string; exposureDays: number | null; basis: string }[] }>([
    "--db",
    db,
    "exposure",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.ok(exposure.rows.length > 0);
  assert.ok(exposure.rows.every((r) => r.basis === "advisories" && r.exposureDays !== null));
});

test("bad advisory input: missing --distro, a missing path, a file that is no bundle", async () => {
  const db = join(dir.path, "bad.db");
  const noDistro = await runCli(["--db", db, "import", "osv", repo]);
  assert.equal(noDistro.code, 2);
  const missing = await runCli(["--db", db, "import", "osv", join(dir.path, "nope"), "--distro", "almalinux"]);
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /almalinux:osv: .*nope: not found/);
  const notBundle = await runCli(["--db", db, "import", "osv", FIX + ALSA, "--distro", "almalinux"]);
  assert.equal(notBundle.code, 4);
  assert.match(notBundle.stderr, /not a git bundle/);
  const none = await runCli(["--db", db, "advisories", "--distro", "rocky"]);
  assert.equal(none.code, 6, "no data has its own exit code");
  assert.match(none.stderr, /no advisories of rocky: run `elscope import osv/);
});

// The real AlmaLinux OSV database, when the shared data is beside the project (it is on the
// project's machines and in CI; the fixtures above cover the same code on a bare clone).
const BUNDLE = fileURLToPath(new URL("../../../shared/data/almalinux-osv-database.bundle", import.meta.url));
test("the real AlmaLinux OSV database imports with its history", { skip: !existsSync(BUNDLE) }, async () => {
  const db = join(dir.path, "real.db");
  const r = await runCliJson<{ advisories: number; withGitTime: number; warnings: number }>([
    "--db",
    db,
    "import",
    "osv",
    BUNDLE,
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.ok(r.advisories > 5000, `${r.advisories} advisories`);
  assert.ok(r.withGitTime > 3000 && r.withGitTime < r.advisories, "the first bulk import has no honest time");
  assert.equal(r.warnings, 0);
});

test("Red Hat CSAF, Rocky Linux Apollo and AlmaLinux errata.json: each rebuild's own date against the RHSA's", async () => {
  const db = join(dir.path, "three.db");
  await importThreeFeeds(db);
  const days = (a: string, b: string) => Math.round(((Date.parse(a) - Date.parse(b)) / 86_400_000) * 100) / 100;
  const rhsa = "2024-11-06T00:48:32.000Z";
  const rocky = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "rocky", "--json"]);
  const rl = rocky.rows.find((r) => r.advisory === "RLSA-2024:8793");
  assert.deepEqual(
    [rl?.upstreamDate, rl?.upstreamDateSource, rl?.dateSource, rl?.lagDays],
    [rhsa, "upstream advisory", "published by the rebuild", days("2024-11-07T21:31:44.548Z", rhsa)],
  );
  assert.deepEqual(rocky.coverage, { known: true, upstreamAdvisories: 1, withoutCounterpart: [] });
  const alma = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  const al = alma.rows.find((r) => r.advisory === "ALSA-2024:8793");
  assert.equal(
    al?.lagDays,
    days("2024-11-06T00:00:00.000Z", rhsa),
    "a date without a time of day can come out negative",
  );
  const exposure = await runCliJson<{ rows: { cve: string; upstreamFixed: string; exposureDays: number }[] }>([
    "--db",
    db,
    "exposure",
    "--distro",
    "rocky",
    "--json",
  ]);
  assert.deepEqual(
    exposure.rows.map((r) => [r.cve, r.upstreamFixed, r.exposureDays]),
    [
      ["CVE-2024-10458", rhsa, days("2024-11-07T21:31:44.548Z", rhsa)],
      ["CVE-2024-10459", rhsa, days("2024-11-07T21:31:44.548Z", rhsa)],
    ],
  );
});

test("duplicate ids, unknown severities, an update without an id, and packages never seen: clear messages, nothing else lost", async () => {
  const { buildRpms, createrepo } = await import("./helpers/build-repo.js");
  const repoDir = join(dir.path, "alma-repo");
  await buildRpms([{ name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" }], join(repoDir, "Packages"));
  await createrepo(repoDir);
  const db = join(dir.path, "messages.db");
  assert.equal((await runCli(["--db", db, "sync", "--url", repoDir, "--as", "almalinux:9/BaseOS/x86_64"])).code, 0);
  const r = await runCli([
    "--db",
    db,
    "import",
    "rpm-md-updateinfo",
    FIX + "rpm-md-updateinfo/duplicate-id-unknown-severity-no-id.xml",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    advisories: 2,
    distro: "almalinux",
    kind: "rpm-md-updateinfo",
    source: FIX + "rpm-md-updateinfo/duplicate-id-unknown-severity-no-id.xml",
    warnings: 3,
    withGitTime: 0,
  });
  assert.match(r.stderr, /almalinux:rpm-md-updateinfo: ALSA-2024:9000: unknown severity "Urgent"; kept without one/);
  assert.match(r.stderr, /ALSA-2024:9000 appears twice; the first is kept/);
  assert.match(r.stderr, /an <update> without an <id>; skipped/);
  const lag = await runCliJson<Lag & { packagesNeverSeen: { id: string; packages: string[] }[] }>([
    "--db",
    db,
    "advisories",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.deepEqual(lag.packagesNeverSeen, [{ id: "ALSA-2024:9000", packages: ["libfoo-never-shipped-1.0-1.el9"] }]);
  assert.equal(lag.rows.find((x) => x.advisory === "ALSA-2024:9000")?.severity, null);
});

test("a rebuild advisory that names no upstream one is matched by the builds both fix, markers removed", async () => {
  const db = join(dir.path, "bybuild.db");
  assert.equal(
    (
      await runCli([
        "--db",
        db,
        "import",
        "redhat-csaf",
        FIX + "redhat-csaf/rhsa-csaf-documented-format.json",
        "--distro",
        "rhel",
      ])
    ).code,
    0,
  );
  const errata = JSON.parse(readFileSync(FIX + "almalinux-errata/errata-json-documented-format.json", "utf8")) as {
    references: unknown[];
  }[];
  for (const e of errata) e.references = [];
  const file = join(dir.path, "errata-without-references.json");
  writeFileSync(file, JSON.stringify(errata));
  assert.equal((await runCli(["--db", db, "import", "almalinux-errata", file, "--distro", "almalinux"])).code, 0);
  const lag = await runCliJson<{ rows: { advisory: string; upstreamId: string; matchedBy: string }[] }>([
    "--db",
    db,
    "advisories",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.deepEqual(
    lag.rows.map((r) => [r.advisory, r.upstreamId, r.matchedBy]),
    [["ALSA-2024:8793", "RHSA-2024:8793", "builds"]],
  );
});

test("advisories from URLs: an updateinfo.xml over HTTP and an OSV repository by git URL", async () => {
  const { startStaticServer } = await import("./helpers/static-server.js");
  const server = await startStaticServer(FIX + "rpm-md-updateinfo");
  try {
    const db = join(dir.path, "urls.db");
    const url = `${server.url}/rhsa-and-alsa-with-epoch-and-cves.xml`;
    const r = await runCliJson<{ advisories: number; source: string }>([
      "--db",
      db,
      "import",
      "rpm-md-updateinfo",
      url,
      "--distro",
      "rhel",
      "--json",
    ]);
    assert.deepEqual([r.advisories, r.source], [2, url]);
    const osv = await runCliJson<{ advisories: number; withGitTime: number }>([
      "--db",
      db,
      "import",
      "osv",
      `file://${repo}`,
      "--distro",
      "almalinux",
      "--json",
    ]);
    assert.deepEqual([osv.advisories, osv.withGitTime], [2, 1]);
  } finally {
    await server.close();
  }
});

test("exposure from synced packages where the rebuild's fixed build is in the store, else from advisories", async () => {
  const { buildRpms, createrepo } = await import("./helpers/build-repo.js");
  const repoDir = join(dir.path, "rocky-appstream");
  const builtAt = new Date("2024-11-07T05:00:00Z");
  await buildRpms(
    [{ name: "thunderbird", version: "128.4.0", release: "1.el9_4", arch: "x86_64", fileTime: builtAt }],
    join(repoDir, "Packages"),
  );
  await createrepo(repoDir);
  const db = join(dir.path, "exposure.db");
  assert.equal((await runCli(["--db", db, "sync", "--url", repoDir, "--as", "rocky:9/AppStream/x86_64"])).code, 0);
  await importThreeFeeds(db);
  const rhsa = "2024-11-06T00:48:32.000Z";
  const rocky = await runCliJson<{
    rows: { cve: string; rebuildFixed: string; exposureDays: number; basis: string }[];
  }>(["--db", db, "exposure", "--distro", "rocky", "--json"]);
  assert.deepEqual(
    rocky.rows.map((r) => [r.cve, r.basis, r.rebuildFixed, r.exposureDays]),
    ["CVE-2024-10458", "CVE-2024-10459"].map((c) => [
      c,
      "packages",
      builtAt.toISOString(),
      Math.round(((builtAt.getTime() - Date.parse(rhsa)) / 86_400_000) * 100) / 100,
    ]),
  );
  const alma = await runCliJson<{ rows: { basis: string }[] }>([
    "--db",
    db,
    "exposure",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.ok(
    alma.rows.every((r) => r.basis === "advisories"),
    "nothing of AlmaLinux is synced",
  );
});
