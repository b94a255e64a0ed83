// RHEL's public data as the upstream clock: Red Hat CSAF advisories imported from a folder, an
// archive or a served tree (changes.csv), and package lag measured from them with no RHEL
// repository synced. Fixtures (test/fixtures/redhat-csaf/) are trimmed RHSAs: 2024:2758 (kernel,
// 9.4 EUS z-stream), 2024:2679 (libxml2, its .src entry only), 2024:2447 (openssl, the 9.4 GA
// batch, `9.4.0.GA` product ids); their ids, packages and days are the advisories', the times of
// day are stand-ins.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, createReadStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import type { AdvisoryRecord } from "../src/model/advisory-record.js";
import { getDriver } from "../src/sources/registry.js";
import { buildRpms, createrepo, type RpmSpec } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIX = fileURLToPath(new URL("../../test/fixtures/redhat-csaf/", import.meta.url));
const KERNEL = "rhsa-2024_2758-kernel-9.4-eus.json";
const SRC_ONLY = "rhsa-2024_2679-src-only.json";
const GA = "rhsa-2024_2447-openssl-9.4-ga.json";
const DAY = 86_400_000;

/** The fixture's own initial_release_date, so expected lags come from the inputs. */
const released = (file: string): number =>
  Date.parse(
    (JSON.parse(readFileSync(FIX + file, "utf8")) as { document: { tracking: { initial_release_date: string } } })
      .document.tracking.initial_release_date,
  );
// Exact: the data keeps full precision; only tables round.
const days = (ms: number): number => ms / DAY;

async function parse(file: string): Promise<Extract<AdvisoryRecord, { kind: "advisory" }>> {
  for await (const batch of getDriver("redhat-csaf").parse(createReadStream(FIX + file), {
    sourceId: "rhel:redhat-csaf",
    file,
  }))
    for (const r of batch as AdvisoryRecord[]) if (r.kind === "advisory") return r;
  throw new Error(`no advisory in ${file}`);
}

describe("CSAF fixtures parse", () => {
  test(".src entries are kept with their repository, release and stream", async () => {
    const a = await parse(KERNEL);
    const src = a.packages.filter((p) => p.arch === "src");
    assert.deepEqual(
      src.map((p) => [p.name, p.evr, p.repository, p.release, p.stream]),
      [
        ["kernel", "5.14.0-427.16.1.el9_4", "AppStream", "9.4", "9.4.0.Z.MAIN.EUS"],
        ["kernel", "5.14.0-427.16.1.el9_4", "BaseOS", "9.4", "9.4.0.Z.MAIN.EUS"],
      ],
    );
    assert.ok(
      a.packages.some((p) => p.name === "kernel" && p.arch === "x86_64"),
      "the binary of the same EVR too",
    );
  });

  test("a .src entry with no binary entries is the whole advisory's package list", async () => {
    const a = await parse(SRC_ONLY);
    assert.deepEqual(
      a.packages.map((p) => [p.name, p.arch, p.release]),
      [["libxml2", "src", "9.4"]],
    );
  });

  test("a GA batch advisory names 9.4.0.GA streams", async () => {
    const a = await parse(GA);
    assert.deepEqual([...new Set(a.packages.map((p) => p.stream))], ["9.4.0.GA"]);
    assert.ok(a.packages.some((p) => p.name === "openssl" && p.arch === "src" && p.evr === "1:3.0.7-27.el9"));
  });
});

let dir: { path: string; remove: () => Promise<void> };
let tree: string;

/** A CSAF tree as Red Hat lays it out: year folders and changes.csv, newest first. */
function writeTree(root: string, rows: readonly [file: string, path: string, changed: string][]): void {
  for (const [file, path] of rows) {
    mkdirSync(join(root, path.split("/")[0] ?? ""), { recursive: true });
    copyFileSync(FIX + file, join(root, path));
  }
  const sorted = [...rows].sort((a, b) => (a[2] < b[2] ? 1 : -1));
  writeFileSync(join(root, "changes.csv"), sorted.map(([, p, t]) => `"${p}","${t}"\n`).join(""));
}

before(async () => {
  dir = await tempDir();
  tree = join(dir.path, "tree");
  writeTree(tree, [
    [KERNEL, "2024/rhsa-2024_2758.json", "2024-05-08T01:00:00+00:00"],
    [SRC_ONLY, "2024/rhsa-2024_2679.json", "2024-05-02T10:00:00+00:00"],
    [GA, "2024/rhsa-2024_2447.json", "2024-04-30T14:00:00+00:00"],
    // Changed long before the newest entry: a first run from the served tree leaves it.
    ["rhsa-csaf-documented-format.json", "2023/rhsa-2023_0001.json", "2023-01-10T00:00:00+00:00"],
  ]);
});
after(() => dir.remove());

describe("elscope import redhat-csaf", () => {
  test("a folder: every .json below it; a broken one is one line and skipped", async () => {
    const folder = join(dir.path, "folder");
    writeTree(folder, [
      [KERNEL, "2024/rhsa-2024_2758.json", "2024-05-08T01:00:00+00:00"],
      [SRC_ONLY, "2024/rhsa-2024_2679.json", "2024-05-02T10:00:00+00:00"],
    ]);
    writeFileSync(join(folder, "2024", "rhsa-2024_9999.json"), '{"document": {\n');
    const db = join(dir.path, "folder.db");
    const r = await runCli(["--db", db, "import", "redhat-csaf", folder, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { advisories: number }).advisories, 2);
    const problems = r.stderr.trim().split("\n");
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /^elscope: rhel:redhat-csaf: 2024\/rhsa-2024_9999\.json: /);
  });

  test("a .tar.zst archive made here", async () => {
    const archive = join(dir.path, "csaf_advisories_2024-05-08.tar.zst");
    execFileSync("tar", ["--zstd", "-cf", archive, "-C", tree, "2024", "2023"]);
    const db = join(dir.path, "archive.db");
    const r = await runCliJson<{ advisories: number; warnings: number }>([
      "--db",
      db,
      "import",
      "redhat-csaf",
      archive,
      "--json",
    ]);
    assert.deepEqual([r.advisories, r.warnings], [4, 0]);
  });

  describe("a served tree, through changes.csv", () => {
    let server: StaticServer;
    let served: string;
    before(async () => {
      served = join(dir.path, "served");
      writeTree(served, [
        [KERNEL, "2024/rhsa-2024_2758.json", "2024-05-08T01:00:00+00:00"],
        [SRC_ONLY, "2024/rhsa-2024_2679.json", "2024-05-02T10:00:00+00:00"],
        ["rhsa-csaf-documented-format.json", "2023/rhsa-2023_0001.json", "2023-01-10T00:00:00+00:00"],
      ]);
      server = await startStaticServer(served);
    });
    after(() => server.close());

    test("one served CSAF file's URL imports it (the download's size limit is 4 GiB, not 0)", async () => {
      const db = join(dir.path, "one-url.db");
      const r = await runCliJson<{ advisories: number }>([
        "--db",
        db,
        "import",
        "redhat-csaf",
        `${server.url}/2024/rhsa-2024_2758.json`,
        "--json",
      ]);
      assert.equal(r.advisories, 1);
      // The next test counts the requests it makes.
      server.requests.length = 0;
    });

    test("the first run takes the newest days; the second only what changed since", async () => {
      const db = join(dir.path, "served.db");
      const base = `${server.url}/`;
      const json = () => server.requests.filter((p) => p.endsWith(".json"));
      const first = await runCli(["--db", db, "import", "redhat-csaf", base, "--json"]);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(json().sort(), ["/2024/rhsa-2024_2679.json", "/2024/rhsa-2024_2758.json"]);
      assert.match((JSON.parse(first.stdout) as { note: string }).note, /first run: .* days up to 2024-05-08/);
      server.requests.length = 0;
      writeTree(served, [
        [KERNEL, "2024/rhsa-2024_2758.json", "2024-05-08T01:00:00+00:00"],
        [SRC_ONLY, "2024/rhsa-2024_2679.json", "2024-06-01T00:00:00+00:00"],
        ["rhsa-csaf-documented-format.json", "2023/rhsa-2023_0001.json", "2023-01-10T00:00:00+00:00"],
      ]);
      const second = await runCliJson<{ advisories: number }>(["--db", db, "import", "redhat-csaf", base, "--json"]);
      assert.deepEqual(json(), ["/2024/rhsa-2024_2679.json"]);
      assert.equal(second.advisories, 1);
      assert.ok(server.requests.includes("/changes.csv"));
    });
  });
});

interface LagRow {
  package: string;
  upstreamBuild: string;
  upstreamTime: string;
  upstreamTimeSource: string;
  rebuild: string;
  status: string;
  lagDays: number | null;
  timeSource: string | null;
}
interface LagAnswer {
  lag: string;
  rows: LagRow[];
  sources: string[];
  upstreamClock: {
    withClock: number;
    repositoriesSynced: boolean;
    note: string | null;
    bySource: Record<string, number>;
  };
}

describe("package lag from RHEL's public data, no RHEL repository synced", () => {
  // Rebuild repositories with known file times (rpmbuild + createrepo_c).
  const KERNEL_ALMA = Date.UTC(2024, 4, 9, 6);
  const KERNEL_ROCKY = Date.UTC(2024, 4, 11, 18);
  const LIBXML_ALMA = Date.UTC(2024, 4, 3, 12);
  const OPENSSL_ALMA = Date.UTC(2024, 4, 6, 0);
  const KERNEL_RHEL = Date.UTC(2024, 4, 7, 20);
  const REPOS: Record<string, [name: string, version: string, release: string, at: number, epoch?: number][]> = {
    "almalinux/9.4/BaseOS": [
      ["kernel", "5.14.0", "427.16.1.el9_4", KERNEL_ALMA],
      ["libxml2", "2.9.13", "6.el9_4", LIBXML_ALMA],
      ["openssl", "3.0.7", "27.el9.alma.1", OPENSSL_ALMA, 1],
    ],
    "rocky/9.4/BaseOS": [["kernel", "5.14.0", "427.16.1.el9_4", KERNEL_ROCKY]],
    "rhel/9.4/BaseOS": [["kernel", "5.14.0", "427.16.1.el9_4", KERNEL_RHEL]],
  };
  const repoOf = (path: string): string => join(dir.path, "www", path, "x86_64", "os");
  const sync = async (db: string, path: string): Promise<void> => {
    const [distro, release, name] = path.split("/");
    const r = await runCli(["--db", db, "sync", "--url", repoOf(path), "--as", `${distro}:${release}/${name}/x86_64`]);
    assert.equal(r.code, 0, r.stderr);
  };
  const LAG = "lag --upstream rhel --rebuild almalinux,rocky --release 9.4 --json".split(" ");
  const lag = (db: string): Promise<LagAnswer> => runCliJson<LagAnswer>(["--db", db, ...LAG]);
  const row = (a: LagAnswer, build: string, rebuild: string): LagRow => {
    const r = a.rows.find((x) => x.upstreamBuild === build && x.rebuild === rebuild);
    assert.ok(r, `no row for ${build} in ${rebuild}`);
    return r;
  };
  let csafDb: string;
  let osvDb: string;

  before(async () => {
    for (const [path, specs] of Object.entries(REPOS)) {
      const rpms: RpmSpec[] = specs.map(([name, version, release, at, epoch]) => ({
        name,
        version,
        release,
        arch: "x86_64",
        fileTime: new Date(at),
        ...(epoch !== undefined ? { epoch } : {}),
      }));
      await buildRpms(rpms, join(repoOf(path), "Packages"));
      await createrepo(repoOf(path));
    }
    csafDb = join(dir.path, "lag-csaf.db");
    osvDb = join(dir.path, "lag-osv.db");
    for (const db of [csafDb, osvDb]) {
      await sync(db, "almalinux/9.4/BaseOS");
      await sync(db, "rocky/9.4/BaseOS");
    }
    const r = await runCli(["--db", csafDb, "import", "redhat-csaf", tree]);
    assert.equal(r.code, 0, r.stderr);
  });

  test("no repositories and no advisories is no data, naming both commands", async () => {
    const db = join(dir.path, "only-rebuilds.db");
    await sync(db, "almalinux/9.4/BaseOS");
    await sync(db, "rocky/9.4/BaseOS");
    const r = await runCli(["--db", db, "lag", "--upstream", "rhel", "--rebuild", "almalinux,rocky", "--json"]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /elscope import redhat-csaf https:\/\/security\.access\.redhat\.com\/data\/csaf\/v2\/advisories\//,
    );
    assert.match(r.stderr, /elscope sync --distro rhel/);
  });

  test("the CSAF release time is the clock: lag = rebuild file time − initial_release_date", async () => {
    const a = await lag(csafDb);
    assert.equal(a.lag, "package lag");
    const k = row(a, "kernel-5.14.0-427.16.1.el9_4", "almalinux");
    assert.equal(k.upstreamTimeSource, "upstream advisory");
    assert.equal(k.upstreamTime, new Date(released(KERNEL)).toISOString());
    assert.equal(k.lagDays, days(KERNEL_ALMA - released(KERNEL)));
    assert.equal(k.timeSource, "file");
    assert.equal(row(a, "kernel-5.14.0-427.16.1.el9_4", "rocky").lagDays, days(KERNEL_ROCKY - released(KERNEL)));
    // The .src-only advisory gives its build; Rocky does not have it: pending, not dropped.
    assert.equal(row(a, "libxml2-2.9.13-6.el9_4", "almalinux").lagDays, days(LIBXML_ALMA - released(SRC_ONLY)));
    assert.deepEqual(
      [row(a, "libxml2-2.9.13-6.el9_4", "rocky").status, row(a, "libxml2-2.9.13-6.el9_4", "rocky").lagDays],
      ["pending", null],
    );
    // The GA batch's build, rebuilt with AlmaLinux's marker.
    const o = row(a, "openssl-3.0.7-27.el9", "almalinux");
    assert.deepEqual([o.status, o.lagDays], ["modified", days(OPENSSL_ALMA - released(GA))]);
    // Binary names never become upstream builds.
    assert.ok(!a.rows.some((r) => r.package === "kernel-core" || r.package === "bpftool"));
    assert.equal(a.upstreamClock.repositoriesSynced, false);
    // kernel, libxml2, openssl and the documented-format file's thunderbird (in neither rebuild: pending).
    assert.equal(a.upstreamClock.withClock, 4);
    assert.equal(row(a, "thunderbird-128.4.0-1.el9_4", "almalinux").status, "pending");
    assert.match(a.upstreamClock.note ?? "", /without an entitlement only builds shipped in \(security\) advisories/);
    assert.ok(a.sources.some((s) => /rhel advisories \(redhat-csaf/.test(s)));
  });

  test("the report's package-lag section: the kernel's builds per minor with each side's clock, and the patching score", async () => {
    const out = join(dir.path, "report");
    const r = await runCli([
      "--db",
      csafDb,
      "report",
      "--rebuild",
      "almalinux,rocky",
      "--out",
      out,
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    interface Section {
      id: string;
      tables: { title: string; headers: string[]; rows: (string | number | null)[][] }[];
    }
    const model = JSON.parse(readFileSync(join(out, "elscope-report.json"), "utf8")) as {
      sections: Section[];
      scorecard: { distro: string; criterion: string; score: number | null; input: string }[];
    };
    const kernel = model.sections
      .find((x) => x.id === "update-lag")
      ?.tables.find((t) => t.title.startsWith("The kernel's builds per minor"));
    assert.ok(kernel, "a kernel table");
    const cell = (header: string): string | number | null | undefined =>
      kernel.rows[0]?.[kernel.headers.indexOf(header)];
    assert.deepEqual(
      [cell("release"), cell("upstream build"), cell("upstream clock"), cell("almalinux clock")],
      ["9.4", "kernel-5.14.0-427.16.1.el9_4", "upstream advisory", "file"],
    );
    assert.equal(cell("almalinux lag (days)"), days(KERNEL_ALMA - released(KERNEL)));
    assert.equal(cell("rocky lag (days)"), days(KERNEL_ROCKY - released(KERNEL)));
    // Patching is scored from package lag, and its input says so.
    const patching = model.scorecard.find((x) => x.distro === "almalinux" && x.criterion === "patching lag");
    assert.match(
      patching?.input ?? "",
      /^median package lag \d+\.\d\d days over \d+ upstream builds, \d+ of them pending \(Kaplan–Meier product-limit; pending builds right-censored at almalinux's newest sync\)$/,
    );
    assert.notEqual(patching?.score, null);
  });

  test("only AlmaLinux OSV advisories: the copied date is the clock", async () => {
    const osv = join(dir.path, "osv");
    mkdirSync(osv, { recursive: true });
    const published = "2024-05-08T00:00:00Z";
    writeFileSync(
      join(osv, "ALSA-2024-2758.json"),
      JSON.stringify({
        id: "ALSA-2024:2758",
        summary: "Moderate: kernel security and bug fix update",
        affected: ["kernel", "kernel-core"].map((name) => ({
          package: { ecosystem: "AlmaLinux:9", name },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "5.14.0-427.16.1.el9_4" }] }],
        })),
        published,
        modified: published,
        references: [{ type: "ADVISORY", url: "https://errata.almalinux.org/9/ALSA-2024-2758.html" }],
      }),
    );
    const r = await runCli(["--db", osvDb, "import", "osv", osv, "--distro", "almalinux"]);
    assert.equal(r.code, 0, r.stderr);
    const a = await lag(osvDb);
    const k = row(a, "kernel-5.14.0-427.16.1.el9_4", "rocky");
    assert.equal(k.upstreamTimeSource, "copied advisory");
    assert.equal(k.lagDays, days(KERNEL_ROCKY - Date.parse(published)));
    assert.ok(!a.rows.some((x) => x.package === "kernel-core"), "kernel-core is no source package");
    assert.deepEqual(a.upstreamClock.bySource["copied advisory"], 1);
  });

  test("with a synced RHEL repository too, its file time wins", async () => {
    await sync(csafDb, "rhel/9.4/BaseOS");
    const a = await lag(csafDb);
    const k = row(a, "kernel-5.14.0-427.16.1.el9_4", "almalinux");
    assert.equal(k.upstreamTimeSource, "file");
    assert.equal(k.lagDays, days(KERNEL_ALMA - KERNEL_RHEL));
    // Builds the repository does not carry keep the advisory's clock.
    assert.equal(row(a, "libxml2-2.9.13-6.el9_4", "almalinux").upstreamTimeSource, "upstream advisory");
    assert.equal(a.upstreamClock.note, null);
  });
});
