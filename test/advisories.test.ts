import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { fileURLToPath } from "node:url";
import { BACKFILL_FILES } from "../src/analyze/feed-backfill.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIX = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const ALSA = "osv/alsa-thunderbird-security-trimmed.json";
const ALBA = "osv/alba-bugfix-2019-trimmed.json";
/** When the ALSA's first version is committed, and when a later commit edits its `modified`. */
const ALSA_SEEN = "2024-11-06T10:00:00.000Z";
const ALSA_EDITED = "2025-01-15T08:00:00.000Z";
const BACKFILL_AT = "2023-03-31T12:00:00.000Z";

interface Lag {
  lag: string;
  withoutOwnPublication: number;
  feedBackfills: number;
  backfillFiles: number;
  coverage: { known: boolean; upstreamAdvisories: number | null; withoutCounterpart: string[] | null };
  rows: {
    advisory: string;
    upstreamId: string;
    upstreamDate: string | null;
    upstreamDateSource: string | null;
    date: string | null;
    dateSource: string | null;
    dateField: string | null;
    lagDays: number | null;
    upperBound: string | null;
    upperBoundSource: string | null;
    feedDate: string | null;
    feedBackfill: boolean | null;
    feedLagDays: number | null;
    severity: string | null;
    majors: string[];
  }[];
  summaries: { lag: string; groupBy: string; group: string; advisories: number; measured: number }[];
}

// Exact: the data keeps full precision; only tables round.
const days = (to: string, from: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

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
  // A backfill: one commit adding one advisory file more than the threshold. The real 2019 file
  // names no upstream advisory; this copy adds the reference a later one would have. The others
  // are minimal OSV records (https://ossf.github.io/osv-schema/) naming no upstream advisory.
  const alba = JSON.parse(readFileSync(FIX + ALBA, "utf8")) as { references: { url: string; type: string }[] };
  alba.references.push({ url: "https://access.redhat.com/errata/RHBA-2019:0973", type: "ADVISORY" });
  writeFileSync(join(repo, "advisories", "almalinux8", "ALBA-2019:0973.json"), JSON.stringify(alba));
  for (let i = 0; i < BACKFILL_FILES; i++) {
    const id = `ALEA-2019:${String(5000 + i)}`;
    const doc = {
      id,
      summary: "enhancement update",
      published: "2019-05-07T00:00:00Z",
      modified: "2019-05-08T00:00:00Z",
    };
    writeFileSync(join(repo, "advisories", "almalinux8", `${id}.json`), JSON.stringify({ ...doc, affected: [] }));
  }
  commit(repo, BACKFILL_AT, "import history");
  // A normal commit: the ALSA as first published, and a file that is not valid JSON.
  copyFileSync(FIX + ALSA, join(repo, "advisories", "almalinux9", "ALSA-2024:8793.json"));
  writeFileSync(join(repo, "advisories", "almalinux9", "ALSA-2099:0001.json"), '{"id": "ALSA-2099:0001", "summary": ');
  commit(repo, ALSA_SEEN, "new advisories");
  // A later edit overwrites `modified`: the file as it is now no longer says when it was published.
  const edited = JSON.parse(readFileSync(FIX + ALSA, "utf8")) as { modified: string };
  edited.modified = ALSA_EDITED.replace(".000", "");
  writeFileSync(join(repo, "advisories", "almalinux9", "ALSA-2024:8793.json"), JSON.stringify(edited));
  commit(repo, "2025-01-15T09:00:00Z", "edit an advisory");
});
after(() => dir.remove());

test("OSV from git: errata lag from the first version's modified, feed lag from the first commit, backfills excluded", async () => {
  const db = join(dir.path, "git.db");
  const imp = await runCli(["--db", db, "import", "osv", repo, "--distro", "almalinux", "--json"]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.deepEqual(JSON.parse(imp.stdout), {
    advisories: BACKFILL_FILES + 2,
    backfilled: BACKFILL_FILES + 1,
    distro: "almalinux",
    kind: "osv",
    source: repo,
    warnings: 1,
    withGitTime: BACKFILL_FILES + 2,
    withOwnPublication: BACKFILL_FILES + 2,
  });
  assert.match(imp.stderr, /almalinux:osv: advisories\/almalinux9\/ALSA-2099:0001\.json: .*not valid JSON/);
  const lag = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  const first = JSON.parse(readFileSync(FIX + ALSA, "utf8")) as { published: string; modified: string };
  const published = new Date(first.published).toISOString();
  const modified = new Date(first.modified).toISOString();
  const alsa = lag.rows.find((r) => r.advisory === "ALSA-2024:8793");
  assert.deepEqual(
    [alsa?.upstreamId, alsa?.upstreamDate, alsa?.upstreamDateSource, alsa?.severity, alsa?.majors],
    ["RHSA-2024:8793", published, "copied by the rebuild", "Moderate", ["9"]],
  );
  // Errata lag: the first version's modified, not the later edit's, and never the commit time.
  assert.deepEqual(
    [alsa?.date, alsa?.dateSource, alsa?.dateField, alsa?.lagDays],
    [modified, "published by the rebuild", "OSV modified, first version", days(modified, published)],
  );
  // The commit is kept as the upper bound and the feed's time.
  assert.deepEqual(
    [alsa?.upperBound, alsa?.upperBoundSource, alsa?.feedDate, alsa?.feedBackfill, alsa?.feedLagDays],
    [ALSA_SEEN, "git commit", ALSA_SEEN, false, days(ALSA_SEEN, published)],
  );
  // Added by the backfill: its own time still gives errata lag, its feed time is unknown.
  const alba = lag.rows.find((r) => r.advisory === "ALBA-2019:0973");
  assert.deepEqual(
    [alba?.dateField, alba?.upperBound, alba?.feedBackfill, alba?.feedDate, alba?.feedLagDays],
    ["OSV modified, first version", BACKFILL_AT, true, null, null],
  );
  assert.deepEqual(
    [lag.lag, lag.feedBackfills, lag.withoutOwnPublication, lag.backfillFiles],
    ["errata lag", 1, 0, BACKFILL_FILES],
  );
  assert.equal(lag.coverage.known, false);
  assert.deepEqual(
    lag.summaries.filter((s) => s.groupBy === "all").map((s) => [s.lag, s.advisories, s.measured]),
    [
      ["errata lag", 2, 2],
      ["feed lag", 2, 1],
    ],
  );
  // The table names each lag and says what was left out.
  const table = await runCli(["--db", db, "advisories", "--rebuild", "almalinux"]);
  assert.match(table.stdout, /^errata lag +all +2 +2 /m);
  assert.match(table.stdout, /^feed lag +all +2 +1 /m);
  assert.ok(
    table.stdout.includes(`1 first added by backfill commits (more than ${BACKFILL_FILES} advisory files at once)`),
    table.stdout,
  );
});

test("OSV without git history: published is the upstream's date, never the rebuild's, so no errata lag", async () => {
  const folder = join(dir.path, "osv-folder");
  mkdirSync(join(folder, "advisories", "almalinux9"), { recursive: true });
  copyFileSync(FIX + ALSA, join(folder, "advisories", "almalinux9", "ALSA-2024:8793.json"));
  const db = join(dir.path, "folder.db");
  assert.equal((await runCli(["--db", db, "import", "osv", folder, "--distro", "almalinux"])).code, 0);
  const lag = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  const published = (JSON.parse(readFileSync(FIX + ALSA, "utf8")) as { published: string }).published;
  assert.deepEqual(
    lag.rows.map((r) => [r.upstreamDate, r.upstreamDateSource, r.date, r.lagDays, r.feedBackfill, r.upperBound]),
    [[new Date(published).toISOString(), "copied by the rebuild", null, null, null, null]],
  );
  assert.equal(lag.withoutOwnPublication, 1);
});

test("a store from before 0006 migrates: Apollo's and errata.json's own times at once, OSV's on re-import", async () => {
  const db = join(dir.path, "old.db");
  await importThreeFeeds(db);
  assert.equal((await runCli(["--db", db, "import", "osv", repo, "--distro", "almalinux"])).code, 0);
  // Take the store back to 0005: the columns 0006 adds, and its record, removed.
  const sqlite = new Database(db);
  for (const c of ["own_published", "own_published_from", "feed_commit", "feed_commit_files"]) {
    sqlite.exec(`alter table advisories drop column ${c}`);
  }
  // 0007 (package streams) came after it: back to 0005's advisory_packages, keyed by name and EVR.
  sqlite.exec(`drop table source_cursors;
    create table old_packages as select distinct distro, id, name, evr, major from advisory_packages;
    drop table advisory_packages;
    create table advisory_packages (distro text not null, id text not null, name text not null, evr text not null,
      major text, constraint advisory_packages_pk primary key (distro, id, name, evr));
    insert into advisory_packages select * from old_packages;
    drop table old_packages;`);
  // And 0008 (package counts per snapshot), 0009 (stored answers), 0010 (source builds), 0011 (migration data),
  // 0012 (package signatures), 0013 (alert firings), 0015 (fact pages) and 0016 (popularity notes).
  sqlite.exec("alter table snapshots drop column counts");
  sqlite.exec("drop table stored_answers; drop table answer_refreshes; drop table source_builds");
  sqlite.exec("drop table migration_data");
  sqlite.exec("drop table package_signatures");
  sqlite.exec("drop table alert_firings; drop table alert_deliveries");
  sqlite.exec("drop table fact_pages");
  sqlite.exec("alter table popularity drop column note");
  for (const m of [
    "0006-advisory-clocks",
    "0007-advisory-package-streams",
    "0008-snapshot-counts",
    "0009-stored-answers",
    "0010-source-builds",
    "0011-migration-data",
    "0012-package-signatures",
    "0013-alert-firings",
    "0015-fact-pages",
    "0016-popularity-notes",
  ]) {
    sqlite.prepare("delete from kysely_migration where name = ?").run(m);
  }
  sqlite.close();
  const rocky = await runCliJson<Lag>(["--db", db, "advisories", "--rebuild", "rocky", "--json"]);
  assert.equal(rocky.rows.find((r) => r.advisory === "RLSA-2024:8793")?.dateField, "Apollo publishedAt");
  const stale = await runCliJson<Lag>(["--db", db, "advisories", "--rebuild", "almalinux", "--json"]);
  // The errata.json ALSA was replaced by the OSV import, whose first-version times need a re-import.
  assert.deepEqual(
    stale.rows.map((r) => [r.advisory, r.date, r.feedBackfill, r.upperBound !== null]),
    [
      ["ALBA-2019:0973", null, null, true],
      ["ALBA-2024:2600", null, null, false],
      ["ALSA-2024:8793", null, null, true],
    ],
  );
  assert.equal((await runCli(["--db", db, "import", "osv", repo, "--distro", "almalinux"])).code, 0);
  const fresh = await runCliJson<Lag>(["--db", db, "advisories", "--rebuild", "almalinux", "--json"]);
  const modified = new Date((JSON.parse(readFileSync(FIX + ALSA, "utf8")) as { modified: string }).modified);
  assert.deepEqual(
    fresh.rows.map((r) => [r.advisory, r.date !== null, r.feedBackfill]),
    [
      ["ALBA-2019:0973", true, true],
      ["ALBA-2024:2600", false, null],
      ["ALSA-2024:8793", true, false],
    ],
  );
  assert.equal(fresh.rows.find((r) => r.advisory === "ALSA-2024:8793")?.date, modified.toISOString());
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
  // One line of elscope's, not git's text.
  assert.match(
    notBundle.stderr,
    /^elscope: almalinux:osv: .*: not an OSV source: give a folder of OSV JSON files, its git repository or a git bundle\n$/,
  );
  const none = await runCli(["--db", db, "advisories", "--distro", "rocky"]);
  assert.equal(none.code, 6, "no data has its own exit code");
  assert.match(none.stderr, /no advisories of rocky: run `elscope import osv/);
});

// The real AlmaLinux OSV database, when the shared data is beside the project (it is on the
// project's machines and in CI; the fixtures above cover the same code on a bare clone).
const BUNDLE = fileURLToPath(new URL("../../../shared/data/almalinux-osv-database.bundle", import.meta.url));
test(
  "the real AlmaLinux OSV database: errata dates from first versions, backfills as git log counts them",
  { skip: !existsSync(BUNDLE) && "shared data not present" },
  async () => {
    const db = join(dir.path, "real.db");
    const r = await runCliJson<{
      advisories: number;
      withGitTime: number;
      backfilled: number;
      withOwnPublication: number;
      warnings: number;
    }>(["--db", db, "import", "osv", BUNDLE, "--distro", "almalinux", "--json"]);
    assert.ok(r.advisories > 5000, `${r.advisories} advisories`);
    assert.deepEqual([r.withGitTime, r.warnings], [r.advisories, 0]);

    // What git itself says, read without elscope's code: per commit, the advisory files it added;
    // per advisory (the newest tree's files, one id at two paths counted once), its earliest add.
    const clone = join(dir.path, "osv-real");
    execFileSync("git", ["clone", "-q", BUNDLE, clone]);
    const git = (...args: string[]) => execFileSync("git", ["-C", clone, ...args], { maxBuffer: 256 << 20 }).toString();
    const added = new Map<string, { at: number; files: number }>();
    let at = 0;
    let files: string[] = [];
    const flush = () => {
      for (const f of files) {
        const prev = added.get(f);
        if (prev === undefined || at < prev.at) added.set(f, { at, files: files.length });
      }
    };
    for (const line of git("log", "--no-renames", "--diff-filter=A", "--name-only", "--format=COMMIT %cI").split(
      "\n",
    )) {
      if (line.startsWith("COMMIT ")) {
        flush();
        at = Date.parse(line.slice(7));
        files = [];
      } else if (/^advisories\/almalinux\d+\/.+\.json$/.test(line)) files.push(line);
    }
    flush();
    const byId = new Map<string, { at: number; files: number }>();
    for (const f of git("ls-files", "advisories")
      .split("\n")
      .filter((x) => x.endsWith(".json"))) {
      const id = basename(f, ".json");
      const first = added.get(f);
      const prev = byId.get(id);
      if (first !== undefined && (prev === undefined || first.at < prev.at)) byId.set(id, first);
    }
    const backfilled = [...byId.values()].filter((x) => x.files > BACKFILL_FILES).length;
    assert.ok(backfilled > 0);
    assert.equal(r.backfilled, backfilled, `advisories first added by commits of more than ${BACKFILL_FILES} files`);

    // ALSA-2025:10073's errata date is the modified of its first version, whatever later commits say.
    const path = "advisories/almalinux10/ALSA-2025:10073.json";
    const firstCommit = git("log", "--diff-filter=A", "--format=%H", "--", path).trim().split("\n").at(-1) ?? "";
    const firstVersion = JSON.parse(git("show", `${firstCommit}:${path}`)) as { modified: string };
    const lag = await runCliJson<Lag>(["--db", db, "advisories", "--rebuild", "almalinux", "--json"]);
    const row = lag.rows.find((x) => x.advisory === "ALSA-2025:10073");
    const committed = new Date(git("log", "-1", "--format=%cI", firstCommit).trim()).toISOString();
    assert.deepEqual(
      [row?.date, row?.dateField, row?.upperBound, row?.feedDate],
      [new Date(firstVersion.modified).toISOString(), "OSV modified, first version", committed, committed],
    );
    assert.equal(lag.feedBackfills, lag.rows.filter((x) => x.feedBackfill === true).length);
  },
);

test("Red Hat CSAF, Rocky Linux Apollo and AlmaLinux errata.json: each rebuild's own date against the RHSA's", async () => {
  const db = join(dir.path, "three.db");
  await importThreeFeeds(db);
  const rhsa = "2024-11-06T00:48:32.000Z";
  const rocky = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "rocky", "--json"]);
  const rl = rocky.rows.find((r) => r.advisory === "RLSA-2024:8793");
  assert.deepEqual(
    [rl?.upstreamDate, rl?.upstreamDateSource, rl?.dateSource, rl?.dateField, rl?.lagDays],
    [
      rhsa,
      "upstream advisory",
      "published by the rebuild",
      "Apollo publishedAt",
      days("2024-11-07T21:31:44.548Z", rhsa),
    ],
  );
  assert.deepEqual(rocky.coverage, { known: true, upstreamAdvisories: 1, withoutCounterpart: [] });
  const alma = await runCliJson<Lag>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  // errata.json's issued_date is the RHSA's day at 00:00, before the RHSA itself: a copy, not
  // AlmaLinux's own. Its updated_date is AlmaLinux's own clock and gives the errata lag.
  const al = alma.rows.find((r) => r.advisory === "ALSA-2024:8793");
  assert.deepEqual(
    [al?.date, al?.dateField, al?.lagDays],
    ["2024-11-07T00:00:00.000Z", "errata.json updated_date", days("2024-11-07T00:00:00.000Z", rhsa)],
  );
  // An entry with only issued_date has no own time: the copied date is the upstream's, never the rebuild's.
  const ba = alma.rows.find((r) => r.advisory === "ALBA-2024:2600");
  assert.deepEqual(
    [ba?.upstreamDate, ba?.upstreamDateSource, ba?.date, ba?.lagDays],
    ["2024-05-06T00:00:00.000Z", "copied by the rebuild", null, null],
  );
  assert.equal(alma.withoutOwnPublication, 1);
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
    backfilled: 0,
    withOwnPublication: 0,
  });
  assert.match(r.stderr, /almalinux:rpm-md-updateinfo: ALSA-2024:9000: unknown severity "Urgent"; kept without one/);
  assert.match(r.stderr, /ALSA-2024:9000 appears twice; the first is kept/);
  assert.match(r.stderr, /an <update> without an <id>; skipped/);
  // Shipped by another distribution only: still never seen by AlmaLinux.
  const otherDir = join(dir.path, "rhel-repo");
  await buildRpms(
    [{ name: "libfoo-never-shipped", version: "1.0", release: "1.el9", arch: "x86_64" }],
    join(otherDir, "Packages"),
  );
  await createrepo(otherDir);
  assert.equal((await runCli(["--db", db, "sync", "--url", otherDir, "--as", "rhel:9/BaseOS/x86_64"])).code, 0);
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
    const osv = await runCliJson<{ advisories: number; withGitTime: number; backfilled: number }>([
      "--db",
      db,
      "import",
      "osv",
      `file://${repo}`,
      "--distro",
      "almalinux",
      "--json",
    ]);
    assert.deepEqual(
      [osv.advisories, osv.withGitTime, osv.backfilled],
      [BACKFILL_FILES + 2, BACKFILL_FILES + 2, BACKFILL_FILES + 1],
    );
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
      (builtAt.getTime() - Date.parse(rhsa)) / 86_400_000,
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
