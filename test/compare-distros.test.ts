import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildRpms, createrepo, type RpmSpec } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

// A small multi-distribution mirror built from real RPMs whose file times are known dates.
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 4, 1, 12);
const D = (days: number): Date => new Date(T0 + days * DAY);

type Spec = [name: string, version: string, release: string, at: Date, epoch?: number];
const MIRROR: Record<string, Spec[]> = {
  "rhel/9.4/BaseOS": [
    ["kernel", "5.14.0", "427.13.1.el9_4", D(0)],
    ["kernel", "5.14.0", "427.16.1.el9_4", D(14)],
    ["bash", "5.1.8", "9.el9", D(1)],
    ["openssh", "8.7p1", "38.el9", D(2)],
    ["openssh", "8.7p1", "38.el9_4.1", D(70)],
    ["glibc", "2.34", "100.el9_4.2", D(10)],
    ["libfoo", "1.9", "1.el9", D(0)],
    ["libfoo", "2.0", "1.el9", D(5), 1],
    ["python3.9-oldname", "1.0", "1.el9", D(0)],
    ["late-pkg", "1.0", "1.el9_4", D(20)],
  ],
  "rhel/9.4/AppStream": [["nodejs", "20.12.2", "2.module+el9.4.0+21731+46b5c7d2", D(3)]],
  "rhel/9.5/BaseOS": [
    ["bash", "5.1.8", "9.el9", D(1)],
    ["kernel", "5.14.0", "503.11.1.el9_5", D(60)],
    ["python3-newname", "1.0", "1.el9", D(60)],
  ],
  "almalinux/9.4/BaseOS": [
    ["kernel", "5.14.0", "427.13.1.el9_4", D(1)],
    ["kernel", "5.14.0", "427.16.1.el9_4", new Date(D(14).getTime() - DAY / 2)],
    ["bash", "5.1.8", "9.el9", new Date(D(1).getTime() - 6 * 3600_000)],
    ["openssh", "8.7p1", "38.el9", D(1)],
    ["openssh", "8.7p1", "38.el9.alma.2", D(50)],
    ["openssh", "8.7p1", "38.el9_4.1", D(71)],
    ["glibc", "2.34", "100.el9_4.2", D(11)],
    ["libfoo", "1.9", "1.el9", D(1)],
    ["libfoo", "2.0", "1.el9", D(6), 1],
    ["python3.9-oldname", "1.0", "1.el9", D(1)],
  ],
  "almalinux/9.4/AppStream": [["nodejs", "20.12.2", "2.module_el9.4.0+95+bc6cb8d6", D(5)]],
  "almalinux/9.5/BaseOS": [
    ["late-pkg", "1.0", "1.el9_4", D(40)],
    ["python3-newname", "1.0", "1.el9", D(61)],
  ],
  "rocky/9.4/BaseOS": [
    ["kernel", "5.14.0", "427.13.1.el9_4", D(2)],
    ["bash", "5.1.8", "9.el9", D(4)],
    ["openssh", "8.7p1", "38.el9.rocky.0.1", D(5)],
    ["libfoo", "2.0", "1.el9", D(9), 1],
    ["rocky-logos", "90.15", "2.el9", D(0)],
  ],
  "rocky/9.4/AppStream": [["nodejs", "20.12.2", "2.module+el9.4.0+1716+abcdef12", D(7)]],
};

interface LagJson {
  upstream: string;
  timeSource: string;
  rows: {
    package: string;
    upstreamBuild: string;
    upstreamEvr: string;
    upstreamRelease: string;
    upstreamTime: string;
    rebuild: string;
    status: string;
    build: string | null;
    time: string | null;
    lagDays: number | null;
    waitingDays: number | null;
    timeSource: string | null;
  }[];
  summaries: {
    rebuild: string;
    groupBy: string;
    group: string;
    builds: number;
    matched: number;
    pending: number;
    medianDays: number | null;
    within7Days: number | null;
    pendingMaxDays: number | null;
    maxDays: number | null;
  }[];
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;

before(async () => {
  dir = await tempDir();
  db = join(dir.path, "store.db");
  for (const [path, specs] of Object.entries(MIRROR)) {
    const repo = join(dir.path, "www", path, "x86_64", "os");
    const rpms: RpmSpec[] = specs.map(([name, version, release, at, epoch]) => ({
      name,
      version,
      release,
      arch: "x86_64",
      fileTime: at,
      ...(epoch !== undefined ? { epoch } : {}),
    }));
    await buildRpms(rpms, join(repo, "Packages"));
    await createrepo(repo);
    const [distro, release, name] = path.split("/");
    const r = await runCli(["--db", db, "sync", "--url", repo, "--as", `${distro}:${release}/${name}/x86_64`]);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => dir.remove());

describe("update lag", () => {
  let lag: LagJson;
  // The rows are long (one per upstream build and rebuild); the checks read them per upstream build.
  const row = (build: string) => {
    const rs = lag.rows.filter((x) => x.upstreamBuild === build);
    const r = rs[0];
    assert.ok(r, `no row for ${build}`);
    const rebuilds = Object.fromEntries(
      rs.map((x) => [
        x.rebuild,
        { status: x.status, build: x.build, time: x.time, lagDays: x.lagDays, timeSource: x.timeSource },
      ]),
    );
    return { ...r, rebuilds };
  };
  before(async () => {
    lag = await runCliJson<LagJson>([
      "--db",
      db,
      "lag",
      "--upstream",
      "rhel",
      "--rebuild",
      "almalinux,rocky",
      "--release",
      "9.4",
      "--json",
    ]);
  });

  test("every upstream build of the release is a row, sorted by package and EVR", () => {
    assert.equal(lag.upstream, "rhel");
    assert.deepEqual(
      [...new Set(lag.rows.map((r) => r.upstreamBuild))],
      [
        "bash-5.1.8-9.el9",
        "glibc-2.34-100.el9_4.2",
        "kernel-5.14.0-427.13.1.el9_4",
        "kernel-5.14.0-427.16.1.el9_4",
        "late-pkg-1.0-1.el9_4",
        "libfoo-1.9-1.el9",
        "libfoo-2.0-1.el9",
        "nodejs-20.12.2-2.module+el9.4.0+21731+46b5c7d2",
        "openssh-8.7p1-38.el9",
        "openssh-8.7p1-38.el9_4.1",
        "python3.9-oldname-1.0-1.el9",
      ],
    );
    assert.equal(row("libfoo-2.0-1.el9").upstreamEvr, "1:2.0-1.el9", "the epoch bump is kept");
    assert.equal(row("kernel-5.14.0-427.13.1.el9_4").upstreamTime, D(0).toISOString());
  });

  test("lags in days from the file times, negative when a rebuild ships first", () => {
    const k1 = row("kernel-5.14.0-427.13.1.el9_4").rebuilds;
    assert.deepEqual([k1["almalinux"]?.lagDays, k1["rocky"]?.lagDays], [1, 2]);
    assert.equal(k1["almalinux"]?.timeSource, "file");
    const k2 = row("kernel-5.14.0-427.16.1.el9_4").rebuilds;
    assert.deepEqual(k2["almalinux"], {
      status: "identical",
      build: "kernel-5.14.0-427.16.1.el9_4",
      time: new Date(D(14).getTime() - DAY / 2).toISOString(),
      lagDays: -0.5,
      timeSource: "file",
    });
    assert.equal(k2["rocky"]?.status, "pending");
    assert.equal(row("bash-5.1.8-9.el9").rebuilds["almalinux"]?.lagDays, -0.25, "hours count");
  });

  test("a pending build, a modified build and an .alma build shipped before the upstream fix", () => {
    assert.equal(row("glibc-2.34-100.el9_4.2").rebuilds["rocky"]?.status, "pending");
    const o1 = row("openssh-8.7p1-38.el9").rebuilds;
    assert.deepEqual(
      [o1["almalinux"]?.status, o1["almalinux"]?.build, o1["almalinux"]?.lagDays],
      ["identical", "openssh-8.7p1-38.el9", -1],
    );
    assert.deepEqual(
      [o1["rocky"]?.status, o1["rocky"]?.build, o1["rocky"]?.lagDays],
      ["modified", "openssh-8.7p1-38.el9.rocky.0.1", 3],
    );
    const o2 = row("openssh-8.7p1-38.el9_4.1").rebuilds;
    assert.deepEqual([o2["almalinux"]?.status, o2["almalinux"]?.lagDays], ["identical", 1]);
  });

  test("module builds match across builders' build ids; a build only in a later minor's repository still counts", () => {
    const n = row("nodejs-20.12.2-2.module+el9.4.0+21731+46b5c7d2").rebuilds;
    assert.deepEqual(
      [n["almalinux"]?.status, n["almalinux"]?.lagDays, n["rocky"]?.status, n["rocky"]?.lagDays],
      ["identical", 2, "identical", 4],
    );
    const late = row("late-pkg-1.0-1.el9_4").rebuilds;
    assert.deepEqual([late["almalinux"]?.status, late["almalinux"]?.lagDays], ["identical", 20]);
  });

  test("summaries per rebuild and release", () => {
    const alma = lag.summaries.find((s) => s.rebuild === "almalinux" && s.groupBy === "distro");
    assert.deepEqual([alma?.builds, alma?.matched, alma?.pending, alma?.maxDays], [11, 11, 0, 20]);
    const rocky = lag.summaries.find((s) => s.rebuild === "rocky" && s.groupBy === "release" && s.group === "9.4");
    assert.deepEqual([rocky?.builds, rocky?.matched, rocky?.pending], [11, 5, 6]);
    // rocky shipped 5 (kernel 2, bash 3, openssh 3, libfoo 4, nodejs 4) and 6 are pending since 2024:
    // Kaplan–Meier reaches 5/11 shipped, never half, so the median is unknown (not 3), and 5/11 within 7 days (not all).
    assert.equal(rocky?.medianDays, null);
    assert.ok(Math.abs((rocky?.within7Days ?? NaN) - 5 / 11) < 1e-12);
    const pending = lag.rows.filter((r) => r.rebuild === "rocky" && r.status === "pending");
    assert.equal(pending.length, 6);
    assert.ok(pending.every((r) => r.lagDays === null && r.waitingDays !== null && r.waitingDays > 7));
    assert.equal(rocky?.pendingMaxDays, Math.max(...pending.map((r) => r.waitingDays ?? 0)));
  });

  test("one package's history, as a table and as CSV; --time seen uses the observer's clock", async () => {
    const table = await runCli(["--db", db, "lag", "--rebuild", "almalinux,rocky", "--package", "kernel"]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      /kernel\s+5\.14\.0-427\.16\.1\.el9_4\s+9\.4\s+2024-05-15 12:00\s+file\s+-0\.50\s+pending, waiting \d+\.\d\d so far/,
    );
    assert.match(table.stdout, /kernel\s+5\.14\.0-503\.11\.1\.el9_5\s+9\.5/);
    const csv = await runCli(["--db", db, "lag", "--rebuild", "almalinux", "--package", "kernel", "--csv"]);
    assert.match(
      csv.stdout,
      /^package,upstreamBuild,upstreamEvr,upstreamRelease,upstreamRepo,upstreamTime,upstreamTimeSource,rebuild,status,build,time,lagDays,waitingDays,timeSource\r\n/,
      "long form: one row per upstream build and rebuild, as /api/lag",
    );
    const seen = await runCliJson<LagJson>([
      "--db",
      db,
      "lag",
      "--rebuild",
      "almalinux",
      "--release",
      "9.4",
      "--time",
      "seen",
      "--json",
    ]);
    assert.equal(seen.timeSource, "seen");
    assert.ok(seen.rows.every((r) => r.timeSource !== "file"));
  });
});

test("parity: identical, modified and missing shares, and rebuild-only builds", async () => {
  const p = await runCliJson<{
    rows: {
      repo: string;
      rebuild: string;
      upstreamBuilds: number;
      identical: number;
      modified: number;
      missing: number;
      identicalShare: number | null;
      modifiedShare: number | null;
      missingShare: number | null;
    }[];
    rebuildOnly: Record<string, string[]>;
    modified: Record<string, { upstream: string; rebuild: string }[]>;
  }>(["--db", db, "parity", "--upstream", "rhel", "--rebuild", "almalinux,rocky", "--release", "9.4", "--json"]);
  // Flat rows, as /api/parity: one per repository (and "all") and rebuild.
  const counts = (repo: string, rebuild: string) => {
    const r = p.rows.find((x) => x.repo === repo && x.rebuild === rebuild);
    assert.ok(r, `no row for ${repo} ${rebuild}`);
    const { identical, modified, missing, identicalShare, modifiedShare, missingShare } = r;
    return { identical, modified, missing, identicalShare, modifiedShare, missingShare };
  };
  assert.equal(p.rows.find((x) => x.repo === "all")?.upstreamBuilds, 11);
  assert.deepEqual(counts("all", "almalinux"), {
    identical: 10,
    modified: 0,
    missing: 1,
    identicalShare: 0.909,
    modifiedShare: 0,
    missingShare: 0.091,
  });
  assert.deepEqual(counts("all", "rocky"), {
    identical: 4,
    modified: 1,
    missing: 6,
    identicalShare: 0.364,
    modifiedShare: 0.091,
    missingShare: 0.545,
  });
  assert.deepEqual(
    p.rows.filter((r) => r.rebuild === "almalinux").map((r) => [r.repo, r.upstreamBuilds]),
    [
      ["AppStream", 1],
      ["BaseOS", 10],
      ["all", 11],
    ],
  );
  assert.deepEqual(p.rebuildOnly["rocky"], ["rocky-logos-90.15-2.el9"]);
  assert.deepEqual(p.rebuildOnly["almalinux"], ["openssh-8.7p1-38.el9.alma.2"]);
  assert.deepEqual(p.modified["rocky"], [
    { upstream: "openssh-8.7p1-38.el9", rebuild: "openssh-8.7p1-38.el9.rocky.0.1" },
  ]);
});

test("diff between releases, dnf repodiff style: a renamed package is removed and added", async () => {
  const d = await runCliJson<{
    added: { name: string }[];
    removed: { name: string }[];
    upgraded: { name: string; from: string; to: string }[];
    unchanged: number;
  }>(["--db", db, "diff", "rhel:9.4/BaseOS/x86_64", "rhel:9.5/BaseOS/x86_64", "--json"]);
  assert.deepEqual(
    d.added.map((x) => x.name),
    ["python3-newname"],
  );
  assert.deepEqual(
    d.removed.map((x) => x.name),
    ["glibc", "late-pkg", "libfoo", "openssh", "python3.9-oldname"],
  );
  assert.deepEqual(d.upgraded, [
    { name: "kernel", arch: null, from: "5.14.0-427.16.1.el9_4", to: "5.14.0-503.11.1.el9_5" },
  ]);
  assert.equal(d.unchanged, 1);
  const src = await runCliJson<{
    added: { name: string; evr: string }[];
    removed: { name: string }[];
    downgraded: unknown[];
    rebuilt: unknown[];
  }>(["--db", db, "diff", "rhel:9.4/*/x86_64", "rocky:9.4/*/x86_64", "--by", "source", "--json"]);
  assert.deepEqual(
    src.added.map((x) => x.name),
    ["rocky-logos"],
  );
  assert.deepEqual(
    src.removed.map((x) => x.name),
    ["glibc", "late-pkg", "python3.9-oldname"],
  );
  // As in dnf repodiff, EVRs compare as they are: openssh's newest are different builds.
  assert.deepEqual(src.downgraded, [
    { name: "kernel", arch: null, from: "5.14.0-427.16.1.el9_4", to: "5.14.0-427.13.1.el9_4" },
    { name: "openssh", arch: null, from: "8.7p1-38.el9_4.1", to: "8.7p1-38.el9.rocky.0.1" },
  ]);
  // rocky's module build id (1716) sorts below RHEL's (21731), which dnf repodiff calls a downgrade; by the
  // catalog's rewrites (as parity matches) it is RHEL's build rebuilt.
  assert.deepEqual(src.rebuilt, [
    {
      name: "nodejs",
      arch: null,
      from: "20.12.2-2.module+el9.4.0+21731+46b5c7d2",
      to: "20.12.2-2.module+el9.4.0+1716+abcdef12",
      as: "identical",
    },
  ]);
  const text = await runCli(["--db", db, "diff", "rhel:9.4/BaseOS/x86_64", "rhel:9.5/BaseOS/x86_64"]);
  assert.match(text.stdout, /Added package {2}: python3-newname-1\.0-1\.el9/);
  assert.match(text.stdout, /Upgraded packages: 1/);
});

test("architectures: declared in the catalog, confirmed by sync", async () => {
  const { rows: a } = await runCliJson<{
    rows: { distro: string; major: string; arch: string; declared: boolean; confirmed: boolean | null }[];
  }>(["--db", db, "arches", "--json"]);
  const get = (d: string, m: string, arch: string) => a.find((r) => r.distro === d && r.major === m && r.arch === arch);
  assert.deepEqual(get("almalinux", "9", "x86_64"), {
    distro: "almalinux",
    major: "9",
    arch: "x86_64",
    declared: true,
    confirmed: true,
    repositories: ["almalinux:9.4/AppStream/x86_64", "almalinux:9.4/BaseOS/x86_64", "almalinux:9.5/BaseOS/x86_64"],
  });
  assert.equal(get("almalinux", "9", "aarch64")?.confirmed, false);
  assert.equal(get("almalinux", "10", "x86_64_v2")?.confirmed, null, "nothing synced: unknown, not false");
  assert.equal(get("rocky", "10", "riscv64")?.declared, true);
});

test("no data is a clear error naming the command that gets it", async () => {
  const r = await runCli(["--db", db, "lag", "--upstream", "centos-stream", "--rebuild", "almalinux"]);
  assert.equal(r.code, 6, "no data, not a failed source");
  assert.match(r.stderr, /no data for centos-stream: run `elscope sync --distro centos-stream` first/);
});

test("repositories with binary and source package counts per architecture", async () => {
  const { rows: repos } = await runCliJson<{
    rows: { key: string; binaryPackages: number; sourcePackages: number; packagesByArch: Record<string, number> }[];
  }>(["--db", db, "repos", "--json"]);
  const rhel = repos.find((r) => r.key === "rhel:9.4/BaseOS/x86_64");
  assert.deepEqual([rhel?.binaryPackages, rhel?.sourcePackages, rhel?.packagesByArch], [10, 10, { x86_64: 10 }]);
  const csv = await runCli(["--db", db, "repos", "--csv"]);
  assert.match(csv.stdout, /^key,distro,release,repo,arch,packages,binaryPackages,sourcePackages,packagesByArch,/);
  assert.match(csv.stdout, /rocky:9\.4\/BaseOS\/x86_64,rocky,9\.4,BaseOS,x86_64,5,5,5,x86_64:5,/);
});
