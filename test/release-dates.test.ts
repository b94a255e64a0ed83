import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIX = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));

interface Row {
  release: string;
  distro: string;
  upstreamDate: string | null;
  upstreamSource: string | null;
  date: string | null;
  source: string | null;
  lagDays: number | null;
  sources: Record<string, string>;
  disagreementDays: number;
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;

before(async () => {
  dir = await tempDir();
  db = join(dir.path, "dates.db");
  for (const [kind, file] of [
    ["almalinux-release-notes", "almalinux-release-notes/release-notes-10-and-9.md"],
    ["endoflife-release-data", "endoflife-release-data/almalinux-trimmed.json"],
    ["endoflife-release-data", "endoflife-release-data/redhat-minors-to-9-3.json"],
    ["endoflife-product", "endoflife-product/rhel-front-matter.md"],
    ["rocky-version-table", "rocky-version-table/version-tables-8-and-9-odd-dates.md"],
  ] as const) {
    const distro = file.startsWith("endoflife-release-data/almalinux")
      ? ["--distro", "almalinux"]
      : file.includes("redhat") || file.includes("rhel")
        ? ["--distro", "rhel"]
        : [];
    const r = await runCli(["--db", db, "import", kind, FIX + file, ...distro]);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => dir.remove());

function expectedLag(a: string, b: string): number {
  return Math.round((Date.parse(a) - Date.parse(b)) / 86_400_000);
}

test("initial release lag from the real release tables, each date with its source", async () => {
  const out = await runCliJson<{ upstream: string; gaConvention: string; rows: Row[] }>([
    "--db",
    db,
    "release-lag",
    "--distro",
    "almalinux,rocky",
    "--json",
  ]);
  assert.equal(out.upstream, "rhel");
  assert.equal(out.gaConvention, "announcement");
  // Expected values are read from the fixtures themselves, not written down here.
  const redhat = JSON.parse(readFileSync(FIX + "endoflife-release-data/redhat-minors-to-9-3.json", "utf8")) as {
    versions: Record<string, { date: string }>;
  };
  const rhel93 = redhat.versions["9.3"]?.date ?? "";
  const alma93 = out.rows.find((r) => r.distro === "almalinux" && r.release === "9.3");
  assert.equal(alma93?.upstreamDate, rhel93);
  assert.equal(
    alma93?.source,
    "almalinux-release-notes",
    "AlmaLinux's own table comes first by the catalog's precedence",
  );
  assert.equal(alma93?.date, "2023-11-13");
  assert.equal(alma93?.lagDays, expectedLag("2023-11-13", rhel93));
  const rocky85 = out.rows.find((r) => r.distro === "rocky" && r.release === "8.5");
  assert.equal(rocky85?.date, "2021-11-15", 'Rocky\'s "November, 15 2021" is read as it means');
  // RHEL 9.0 comes from the product page's major date (a major's date is its .0's).
  const rocky90 = out.rows.find((r) => r.distro === "rocky" && r.release === "9.0");
  assert.equal(rocky90?.upstreamSource, "endoflife-product");
  assert.equal(rocky90?.upstreamDate, "2022-05-18");
  assert.equal(rocky90?.lagDays, expectedLag("2022-07-14", "2022-05-18"));
  // Where no source has RHEL's date, it is unknown, not guessed.
  const alma96 = out.rows.find((r) => r.distro === "almalinux" && r.release === "9.6");
  assert.deepEqual([alma96?.upstreamDate, alma96?.lagDays], [null, null]);
});

test("sources that disagree are all kept and the disagreement shown", async () => {
  const out = await runCliJson<{ rows: Row[] }>(["--db", db, "release-lag", "--distro", "almalinux", "--json"]);
  const a94 = out.rows.find((r) => r.release === "9.4");
  assert.deepEqual(a94?.sources, { "almalinux-release-notes": "2024-05-06", "endoflife-release-data": "2024-05-06" });
  const a810 = out.rows.filter((r) => r.release === "8.10");
  assert.deepEqual(
    a810.map((r) => r.sources),
    [{ "endoflife-release-data": "2024-05-28" }],
  );
});

test("--rhel-ga errata uses the errata dates and says so; without any advisories, each row falls back to the announcement and says so", async () => {
  const out = await runCliJson<{ gaConvention: string; rows: (Row & { upstreamConvention: string | null })[] }>([
    "--db",
    db,
    "release-lag",
    "--distro",
    "almalinux",
    "--rhel-ga",
    "errata",
    "--json",
  ]);
  assert.equal(out.gaConvention, "errata");
  const dated = out.rows.filter((r) => r.upstreamDate !== null);
  assert.ok(dated.length > 0);
  assert.ok(dated.every((r) => r.upstreamConvention === "announcement"));
  const bad = await runCli(["--db", db, "release-lag", "--rhel-ga", "guess"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rhel-ga is "announcement" or "errata"/);
  const csv = await runCli(["--db", db, "release-lag", "--distro", "rocky", "--csv"]);
  assert.match(
    csv.stdout,
    /^release,distro,upstream,upstreamDate,upstreamSource,upstreamConvention,upstreamSources,upstreamDisagreementDays,firstRelease,date,source,lagDays,sources,disagreementDays,lagDaysAnnouncement,lagDaysErrata,announcementDate,announcementSource,errataDate,errataSource,errataAdvisories,conventionsDifferDays\r\n/,
  );
});

test("malformed dates and non-release rows are reported and skipped; the rest is kept", async () => {
  const db2 = join(dir.path, "bad.db");
  const r = await runCli([
    "--db",
    db2,
    "import",
    "endoflife-release-data",
    FIX + "release-dates-bad/almalinux-malformed-and-duplicate.json",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as { dates: number }).dates, 2);
  assert.match(r.stderr, /almalinux:endoflife-release-data: .*: version 9\.5: malformed date "2024-13-45"; skipped/);
  assert.match(r.stderr, /version 9\.6: malformed date "soon"; skipped/);
  assert.match(r.stderr, /version 9\.7: malformed date undefined; skipped/);
  assert.match(r.stderr, /version "9\.8-beta" is not a release number; skipped/);
});

test("a file that is not what its kind says is a parse error and stores nothing", async () => {
  const db3 = join(dir.path, "none.db");
  const r = await runCli([
    "--db",
    db3,
    "import",
    "endoflife-release-data",
    FIX + "rocky-version-table/version-tables-8-and-9-odd-dates.md",
    "--distro",
    "rocky",
  ]);
  assert.equal(r.code, 5);
  assert.match(
    r.stderr,
    /^elscope: rocky:endoflife-release-data: .*version-tables-8-and-9-odd-dates\.md: not valid JSON/,
  );
  const lag = await runCliJson<{ rows: Row[] }>(["--db", db3, "release-lag", "--json"]);
  assert.deepEqual(lag.rows, []);
  const unknown = await runCli(["--db", db3, "import", "rpm-md-primary", "x.xml"]);
  assert.equal(unknown.code, 2);
  const ambiguous = await runCli([
    "--db",
    db3,
    "import",
    "endoflife-release-data",
    FIX + "endoflife-release-data/almalinux-trimmed.json",
  ]);
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /add --distro/);
});

test("the release package's first file date in a synced repository is a date source too", async () => {
  const repo = join(dir.path, "alma-9.4");
  await buildRpms(
    [
      {
        name: "almalinux-release",
        version: "9.4",
        release: "1.el9",
        arch: "x86_64",
        fileTime: new Date("2024-05-07T10:00:00Z"),
      },
    ],
    join(repo, "Packages"),
  );
  await createrepo(repo);
  const db4 = join(dir.path, "repo.db");
  assert.equal((await runCli(["--db", db4, "sync", "--url", repo, "--as", "almalinux:9.4/BaseOS/x86_64"])).code, 0);
  const out = await runCliJson<{ rows: Row[] }>(["--db", db4, "release-lag", "--distro", "almalinux", "--json"]);
  assert.deepEqual(
    out.rows.map((r) => [r.release, r.date, r.source]),
    [["9.4", "2024-05-07", "repository"]],
  );
});

test("elscope update fetches the catalog's live sources; one that fails keeps its last good data", async () => {
  const www = join(dir.path, "www");
  mkdirSync(www);
  copyFileSync(FIX + "almalinux-release-notes/release-notes-10-and-9.md", join(www, "README.md"));
  copyFileSync(FIX + "endoflife-release-data/almalinux-trimmed.json", join(www, "almalinux.json"));
  const server: StaticServer = await startStaticServer(www);
  // The mirror list is a git repository; here a local one holding the trimmed real files.
  const mirrorsRepo = join(dir.path, "mirrors-git");
  mkdirSync(join(mirrorsRepo, "mirrors.d"), { recursive: true });
  for (const f of readdirSync(FIX + "almalinux-mirrors")) {
    copyFileSync(FIX + `almalinux-mirrors/${f}`, join(mirrorsRepo, "mirrors.d", f));
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", mirrorsRepo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args]);
  git("init", "--quiet");
  git("add", "-A");
  git("commit", "--quiet", "-m", "mirrors");
  try {
    const cat = join(dir.path, "catalog");
    mkdirSync(cat);
    const yaml = readFileSync(new URL("../../catalog/almalinux.yaml", import.meta.url), "utf8")
      .replace(
        "https://raw.githubusercontent.com/AlmaLinux/wiki/master/docs/release-notes/README.md",
        `${server.url}/README.md`,
      )
      .replace(
        "https://raw.githubusercontent.com/endoflife-date/release-data/main/releases/almalinux.json",
        `${server.url}/almalinux.json`,
      )
      .replace(
        "https://raw.githubusercontent.com/endoflife-date/endoflife.date/master/products/almalinux.md",
        `${server.url}/missing.md`,
      )
      .replace("https://github.com/AlmaLinux/mirrors.git", `file://${mirrorsRepo}`)
      // The advisory feed is unreachable here: it fails, and the rest still updates.
      .replace("https://github.com/AlmaLinux/osv-database.git", `file://${dir.path}/no-such-osv.git`);
    writeFileSync(join(cat, "almalinux.yaml"), yaml);
    const db5 = join(dir.path, "update.db");
    const first = await runCli(["--db", db5, "update", "--distro", "almalinux", "--json", "--catalog", cat]);
    assert.equal(first.code, 4, "one source failed");
    const summary = JSON.parse(first.stdout) as {
      sources: { kind: string; status: string; dates: number | null; mirrors: number | null }[];
      failed: number;
    };
    assert.deepEqual(
      summary.sources.map((s) => [s.kind, s.status, s.mirrors]),
      [
        ["almalinux-release-notes", "updated", null],
        ["endoflife-release-data", "updated", null],
        ["endoflife-product", "failed", null],
        ["osv", "failed", null],
        ["almalinux-mirrors", "updated", 5],
      ],
    );
    // Now the release notes and the mirror list break: what was imported before stays.
    server.behaviours.set("/README.md", { kind: "status", status: 500 });
    renameSync(mirrorsRepo, `${mirrorsRepo}-gone`);
    const second = await runCli(["--db", db5, "update", "--distro", "almalinux", "--json", "--catalog", cat]);
    assert.equal(second.code, 4);
    assert.deepEqual(
      (JSON.parse(second.stdout) as typeof summary).sources.filter((s) => s.status === "failed").map((s) => s.kind),
      ["almalinux-release-notes", "endoflife-product", "osv", "almalinux-mirrors"],
    );
    const mirrors = await runCliJson<{ distros: { mirrors: { total: number } }[] }>([
      "--db",
      db5,
      "mirrors",
      "stats",
      "--json",
      "--catalog",
      cat,
    ]);
    assert.equal(mirrors.distros[0]?.mirrors.total, 5);
    const lag = await runCliJson<{ rows: Row[] }>([
      "--db",
      db5,
      "release-lag",
      "--distro",
      "almalinux",
      "--json",
      "--catalog",
      cat,
    ]);
    assert.equal(lag.rows.find((r) => r.release === "9.3")?.sources["almalinux-release-notes"], "2023-11-13");
  } finally {
    await server.close();
  }
});

test("--rhel-ga errata: the first RHEL advisory shipping redhat-release at a minor's version", async () => {
  const db6 = join(dir.path, "errata.db");
  for (const [kind, file, distro] of [
    ["almalinux-release-notes", "almalinux-release-notes/release-notes-10-and-9.md", "almalinux"],
    ["endoflife-product", "endoflife-product/rhel-front-matter.md", "rhel"],
  ] as const) {
    assert.equal((await runCli(["--db", db6, "import", kind, FIX + file, "--distro", distro])).code, 0);
  }
  const updateinfo = join(dir.path, "rhel-ga-errata.xml");
  writeFileSync(
    updateinfo,
    `<?xml version="1.0"?><updates>
  <update type="enhancement"><id>RHEA-2024:2400</id><title>new packages: redhat-release</title><issued date="2024-04-30 00:00:00"/>
    <pkglist><collection short="c"><name>c</name><package name="redhat-release" version="9.4" release="0.5.el9" epoch="0" arch="x86_64"><filename>r.rpm</filename></package></collection></pkglist></update>
  <update type="bugfix"><id>RHBA-2024:3000</id><title>redhat-release update</title><issued date="2024-06-01 00:00:00"/>
    <pkglist><collection short="c"><name>c</name><package name="redhat-release" version="9.4" release="0.6.el9" epoch="0" arch="x86_64"><filename>r.rpm</filename></package></collection></pkglist></update>
</updates>`,
  );
  assert.equal((await runCli(["--db", db6, "import", "rpm-md-updateinfo", updateinfo, "--distro", "rhel"])).code, 0);
  const errata = await runCliJson<{ rows: Row[] }>([
    "--db",
    db6,
    "release-lag",
    "--distro",
    "almalinux",
    "--rhel-ga",
    "errata",
    "--json",
  ]);
  const a94 = errata.rows.find((r) => r.release === "9.4");
  assert.deepEqual(
    [a94?.upstreamDate, a94?.upstreamSource, a94?.lagDays],
    ["2024-04-30", "rhel-errata", expectedLag("2024-05-06", "2024-04-30")],
  );
  const announcement = await runCliJson<{ rows: Row[] }>([
    "--db",
    db6,
    "release-lag",
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.equal(
    announcement.rows.find((r) => r.release === "9.4")?.upstreamSource,
    null,
    "the announcement convention never uses errata",
  );
});
