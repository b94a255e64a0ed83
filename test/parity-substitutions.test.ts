import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildRpms, createrepo, type RpmSpec } from "./helpers/build-repo.js";
import { dnfRepoquery } from "./helpers/dnf-repoquery.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

// A 9.4 BaseOS of RHEL, AlmaLinux and Rocky built with rpmbuild and createrepo_c: each rebuild's
// markers (.alma.1, .rocky.0.1), its branding packages in place of RHEL's, a Red Hat-only
// service client neither ships, and a build each one truly lacks.
const T0 = Date.UTC(2024, 4, 1, 12);
const D = (days: number): Date => new Date(T0 + days * 86_400_000);
type Spec = [name: string, version: string, release: string, at: Date];
const MIRROR: Record<string, Spec[]> = {
  rhel: [
    ["bash", "5.1.8", "9.el9", D(0)],
    ["dnf", "4.14.0", "9.el9", D(0)],
    ["systemd", "252", "32.el9_4", D(1)],
    ["kernel", "5.14.0", "427.13.1.el9_4", D(2)],
    ["openssh", "8.7p1", "38.el9", D(2)],
    ["glibc", "2.34", "100.el9_4.2", D(3)],
    ["subscription-manager", "1.29.40", "1.el9", D(3)],
    ["late-pkg", "1.0", "1.el9_4", D(4)],
    ["redhat-release", "9.4", "0.5.el9", D(0)],
    ["redhat-logos", "90.4", "2.el9", D(0)],
    ["insights-client", "3.2.2", "1.el9", D(0)],
  ],
  almalinux: [
    ["bash", "5.1.8", "9.el9", D(1)],
    ["dnf", "4.14.0", "9.el9.alma.1", D(1)],
    ["systemd", "252", "32.el9_4.alma.1", D(2)],
    ["kernel", "5.14.0", "427.13.1.el9_4", D(3)],
    ["openssh", "8.7p1", "38.el9", D(3)],
    ["glibc", "2.34", "100.el9_4.2", D(4)],
    ["subscription-manager", "1.29.40", "1.el9.alma.1", D(4)],
    ["almalinux-release", "9.4", "1.el9", D(1)],
    ["almalinux-logos", "90.5.1", "1.1.el9", D(1)],
  ],
  rocky: [
    ["bash", "5.1.8", "9.el9", D(2)],
    ["dnf", "4.14.0", "9.el9", D(2)],
    ["systemd", "252", "32.el9_4", D(3)],
    ["kernel", "5.14.0", "427.13.1.el9_4", D(4)],
    ["openssh", "8.7p1", "38.el9.rocky.0.1", D(4)],
    ["late-pkg", "1.0", "1.el9_4", D(6)],
    ["rocky-release", "9.4", "1.7.el9", D(2)],
    ["rocky-logos", "90.15", "2.el9", D(2)],
  ],
};

interface Row {
  repo: string;
  rebuild: string;
  upstreamBuilds: number;
  identical: number;
  modified: number;
  replaced: number;
  notApplicable: number;
  missing: number;
  shippedShare: number | null;
  missingShare: number | null;
}
interface Pair {
  upstream: string;
  rebuild: string;
}
interface Parity {
  rows: Row[];
  missing: Record<string, string[]>;
  modified: Record<string, Pair[]>;
  replaced: Record<string, Pair[]>;
  notApplicable: Record<string, string[]>;
  rebuildOnly: Record<string, string[]>;
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;
const repoOf = (d: string): string => join(dir.path, "www", d, "9.4", "BaseOS", "x86_64", "os");

before(async () => {
  dir = await tempDir();
  db = join(dir.path, "store.db");
  for (const [distro, specs] of Object.entries(MIRROR)) {
    const repo = repoOf(distro);
    const rpms: RpmSpec[] = specs.map(([name, version, release, at]) => ({
      name,
      version,
      release,
      arch: "x86_64",
      fileTime: at,
    }));
    await buildRpms(rpms, join(repo, "Packages"));
    await createrepo(repo);
    const r = await runCli(elscopeArgs(`sync --url ${repo} --as ${distro}:9.4/BaseOS/x86_64`));
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => dir.remove());

// The CLI's arguments on this test's store, written as one would type them.
const elscopeArgs = (line: string): string[] => ["--db", db, ...line.split(" ")];
const parity = (upstream: string, rebuild: string): Promise<Parity> =>
  runCliJson<Parity>(elscopeArgs(`parity --upstream ${upstream} --rebuild ${rebuild} --release 9.4 --json`));
const total = (p: Parity, rebuild: string): Row => {
  const r = p.rows.find((x) => x.repo === "all" && x.rebuild === rebuild);
  assert.ok(r, `no total for ${rebuild}`);
  return r;
};
const counts = (r: Row) => {
  const { upstreamBuilds, identical, modified, replaced, notApplicable, missing, shippedShare } = r;
  return { upstreamBuilds, identical, modified, replaced, notApplicable, missing, shippedShare };
};

describe("parity with RHEL: branding packages replaced, subscription services not applicable", () => {
  let p: Parity;
  before(async () => {
    p = await parity("rhel", "almalinux,rocky");
  });

  test("the counts, and the shares over the applicable builds only", () => {
    assert.deepEqual(counts(total(p, "almalinux")), {
      upstreamBuilds: 11,
      identical: 4,
      modified: 3,
      replaced: 2,
      notApplicable: 1,
      missing: 1,
      shippedShare: 0.9,
    });
    assert.deepEqual(counts(total(p, "rocky")), {
      upstreamBuilds: 11,
      identical: 5,
      modified: 1,
      replaced: 2,
      notApplicable: 1,
      missing: 2,
      shippedShare: 0.8,
    });
    assert.equal(total(p, "rocky").missingShare, 0.2);
  });

  test("redhat-release is replaced, insights-client not applicable, neither missing", () => {
    assert.deepEqual(p.missing["almalinux"], ["late-pkg-1.0-1.el9_4"]);
    assert.deepEqual(p.missing["rocky"], ["glibc-2.34-100.el9_4.2", "subscription-manager-1.29.40-1.el9"]);
    assert.deepEqual(p.replaced["rocky"], [
      { upstream: "redhat-logos-90.4-2.el9", rebuild: "rocky-logos-90.15-2.el9" },
      { upstream: "redhat-release-9.4-0.5.el9", rebuild: "rocky-release-9.4-1.7.el9" },
    ]);
    assert.deepEqual(p.notApplicable["almalinux"], ["insights-client-3.2.2-1.el9"]);
    // The replacements are not the rebuild's own additions any more.
    assert.deepEqual(p.rebuildOnly["almalinux"], []);
    assert.deepEqual(p.rebuildOnly["rocky"], []);
  });

  test("identical builds are exactly the source RPMs dnf lists on both sides", async () => {
    const srpms = async (d: string): Promise<Set<string>> =>
      new Set((await dnfRepoquery(`file://${repoOf(d)}`)).map((r) => r.sourcerpm ?? ""));
    const rhel = await srpms("rhel");
    assert.equal(total(p, "almalinux").upstreamBuilds, rhel.size);
    for (const d of ["almalinux", "rocky"]) {
      const mine = await srpms(d);
      assert.equal(total(p, d).identical, [...rhel].filter((s) => mine.has(s)).length, d);
    }
  });
});

describe("a rebuild as the reference: both sides' markers and substitutions apply", () => {
  test("parity --upstream almalinux --rebuild rocky", async () => {
    const p = await parity("almalinux", "rocky");
    assert.deepEqual(counts(total(p, "rocky")), {
      upstreamBuilds: 9,
      identical: 2,
      modified: 3,
      replaced: 2,
      notApplicable: 0,
      missing: 2,
      shippedShare: 0.778,
    });
    // dnf-…el9.alma.1 is RHEL's dnf-…el9, which Rocky ships unchanged.
    assert.deepEqual(p.modified["rocky"], [
      { upstream: "dnf-4.14.0-9.el9.alma.1", rebuild: "dnf-4.14.0-9.el9" },
      { upstream: "openssh-8.7p1-38.el9", rebuild: "openssh-8.7p1-38.el9.rocky.0.1" },
      { upstream: "systemd-252-32.el9_4.alma.1", rebuild: "systemd-252-32.el9_4" },
    ]);
    // What Rocky lacks against AlmaLinux is what it lacks against RHEL.
    assert.deepEqual(p.missing["rocky"], ["glibc-2.34-100.el9_4.2", "subscription-manager-1.29.40-1.el9.alma.1"]);
    assert.deepEqual(p.replaced["rocky"], [
      { upstream: "almalinux-logos-90.5.1-1.1.el9", rebuild: "rocky-logos-90.15-2.el9" },
      { upstream: "almalinux-release-9.4-1.el9", rebuild: "rocky-release-9.4-1.7.el9" },
    ]);
    assert.deepEqual(p.rebuildOnly["rocky"], ["late-pkg-1.0-1.el9_4"]);
  });

  test("parity --upstream rocky --rebuild almalinux", async () => {
    const p = await parity("rocky", "almalinux");
    assert.deepEqual(counts(total(p, "almalinux")), {
      upstreamBuilds: 8,
      identical: 2,
      modified: 3,
      replaced: 2,
      notApplicable: 0,
      missing: 1,
      shippedShare: 0.875,
    });
    assert.deepEqual(p.missing["almalinux"], ["late-pkg-1.0-1.el9_4"]);
    assert.deepEqual([...(p.rebuildOnly["almalinux"] ?? [])].sort(), [
      "glibc-2.34-100.el9_4.2",
      "subscription-manager-1.29.40-1.el9.alma.1",
    ]);
  });

  test("package lag both ways matches through the reference's own markers", async () => {
    interface Lag {
      rows: { upstreamBuild: string; rebuild: string; status: string; build: string | null; lagDays: number | null }[];
    }
    const lag = (upstream: string, rebuild: string): Promise<Lag> =>
      runCliJson<Lag>(elscopeArgs(`lag --upstream ${upstream} --rebuild ${rebuild} --release 9.4 --json`));
    const row = (l: Lag, build: string) => {
      const r = l.rows.find((x) => x.upstreamBuild === build);
      assert.ok(r, `no row for ${build}`);
      return { status: r.status, build: r.build, lagDays: r.lagDays };
    };
    const ar = await lag("almalinux", "rocky");
    assert.deepEqual(row(ar, "dnf-4.14.0-9.el9.alma.1"), { status: "modified", build: "dnf-4.14.0-9.el9", lagDays: 1 });
    assert.deepEqual(row(ar, "systemd-252-32.el9_4.alma.1"), {
      status: "modified",
      build: "systemd-252-32.el9_4",
      lagDays: 1,
    });
    const ra = await lag("rocky", "almalinux");
    assert.deepEqual(row(ra, "openssh-8.7p1-38.el9.rocky.0.1"), {
      status: "modified",
      build: "openssh-8.7p1-38.el9",
      lagDays: -1,
    });
    assert.deepEqual(row(ra, "dnf-4.14.0-9.el9"), {
      status: "modified",
      build: "dnf-4.14.0-9.el9.alma.1",
      lagDays: -1,
    });
  });
});

test("parity's text lists the builds behind each status, with counts", async () => {
  const r = await runCli(elscopeArgs(`parity --upstream rhel --rebuild almalinux,rocky --release 9.4`));
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /rocky: 2 missing \(rhel builds rocky does not ship\)\n {2}glibc-2\.34-100\.el9_4\.2\n {2}subscription-manager-1\.29\.40-1\.el9\n/,
  );
  assert.match(
    r.stdout,
    /almalinux: 3 modified \(a release marker apart\)\n {2}dnf-4\.14\.0-9\.el9 → dnf-4\.14\.0-9\.el9\.alma\.1\n/,
  );
  assert.match(
    r.stdout,
    /almalinux: 2 replaced \(by almalinux's own package\)\n {2}redhat-logos-90\.4-2\.el9 → almalinux-logos-90\.5\.1-1\.1\.el9\n {2}redhat-release-9\.4-0\.5\.el9 → almalinux-release-9\.4-1\.el9\n/,
  );
  assert.match(r.stdout, /rocky: 1 not applicable \(left out on purpose\)\n {2}insights-client-3\.2\.2-1\.el9\n/);
  assert.match(r.stdout, /not-applicable builds .* are in none/);
});

test("the scorecard's package count is parity's shipped share, not the raw totals", async () => {
  // AlmaLinux has 9 source builds against RHEL's 11, Rocky 8: raw totals said 81.8 % and 72.7 %.
  const out = join(dir.path, "report");
  const r = await runCli(elscopeArgs(`report --upstream rhel --rebuild almalinux,rocky --out ${out} --format json`));
  assert.equal(r.code, 0, r.stderr);
  const model = JSON.parse(await readFile(join(out, "elscope-report.json"), "utf8")) as {
    scorecard: { distro: string; criterion: string; score: number | null; input: string }[];
  };
  const p = await parity("rhel", "almalinux,rocky");
  for (const d of ["almalinux", "rocky"]) {
    const s = model.scorecard.find((x) => x.distro === d && x.criterion === "package count");
    assert.ok(s, `no package count for ${d}`);
    const t = total(p, d);
    const shipped = t.identical + t.modified + t.replaced;
    const applicable = t.upstreamBuilds - t.notApplicable;
    assert.ok(s.input.startsWith(`${shipped} of ${applicable} rhel source builds`), s.input);
    assert.match(s.input, new RegExp(`${t.missing} missing, 1 not applicable left out`));
  }
  // 90 % → 3 and 80 % → 2 by the printed rule.
  assert.deepEqual(
    model.scorecard.filter((x) => x.criterion === "package count").map((x) => [x.distro, x.score]),
    [
      ["almalinux", 3],
      ["rocky", 2],
    ],
  );
});
