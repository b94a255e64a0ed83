// elscope watch: every rule kind fires once, stays quiet on the next run and resolves when its
// condition ends, on both stores, over histories made by real syncs of changing repositories and
// the store's own import APIs; malformed watch.yaml files are refused naming file, path and problem.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { watchSchema, type WatchRules } from "../src/catalog/watch-schema.js";
import { plainPackage } from "../src/model/advisory-record.js";
import { type ProbeResultRow } from "../src/model/probe-history-row.js";
import { queryContext } from "../src/queries/query-context.js";
import { watchQuery, type WatchAnswer } from "../src/queries/watch-query.js";
import { MirrorStore } from "../src/store/mirror-store.js";
import { openStore } from "../src/store/open-store.js";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { DIALECTS, freshStore } from "./helpers/dialects.js";
import { runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const DAY = 86_400_000;
const T = new Date();
const ago = (days: number): Date => new Date(T.getTime() - days * DAY);
const day = (d: Date): string => d.toISOString().slice(0, 10);
const catalog = loadCatalog();
const RHEL_DATES = "https://raw.githubusercontent.com/endoflife-date/release-data/main/releases/redhat.json";
const ALMA_NOTES = "https://raw.githubusercontent.com/AlmaLinux/wiki/master/docs/release-notes/README.md";
const TARGET = "9/BaseOS/x86_64";

const RULES: WatchRules = watchSchema.parse({
  rules: [
    { name: "alma-security", kind: "security-build-pending", rebuild: "almalinux", release: "9.4", days: 7 },
    { name: "alma-minor", kind: "minor-release-pending", rebuild: "almalinux", days: 14 },
    { name: "alma-stale", kind: "mirror-stale", distro: "almalinux", hours: 24 },
    { name: "alma-unreachable", kind: "mirror-unreachable", distro: "almalinux", probes: 2 },
    { name: "alma-parity", kind: "parity-below", rebuild: "almalinux", release: "9.4", share: 0.9 },
    { name: "rhel-sources", kind: "source-failing", distro: "rhel", days: 7 },
  ],
});

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir();
});
after(() => dir.remove());

/** Builds a repository of `names` (file times 30 days ago) and syncs it into `db` as `key`. */
async function syncRepo(db: string, key: string, names: readonly [string, string, string][], n: number): Promise<void> {
  const repo = join(dir.path, `www-${n}`, key.replace(/[:/]/g, "_"));
  await buildRpms(
    names.map(([name, version, release]) => ({ name, version, release, arch: "x86_64", fileTime: ago(30) })),
    join(repo, "Packages"),
  );
  await createrepo(repo);
  const r = await runCli(["--db", db, "sync", "--url", repo, "--as", key]);
  assert.equal(r.code, 0, r.stderr);
}

function probe(mirror: string, status: string, behind: number | null): ProbeResultRow {
  return {
    mirror,
    url: `https://${mirror.replace(/\s/g, "-")}.example/9/BaseOS/x86_64/os/`,
    status,
    detail: status === "unreachable" ? "connection refused" : null,
    http_status: status === "unreachable" ? null : 200,
    latency_ms: 5,
    checksum: null,
    repomd_time: null,
    behind_hours: behind,
    ipv6: null,
  };
}

async function probeRun(db: string, at: Date, results: readonly ProbeResultRow[]): Promise<void> {
  const store = await openStore(db);
  try {
    await new MirrorStore(store.db).saveProbeRun(
      {
        distro: "almalinux",
        target: TARGET,
        started_at: at.toISOString(),
        finished_at: at.toISOString(),
        reference_url: null,
        reference_checksum: null,
        reference_time: null,
        reference_source: "newest seen",
      },
      results,
    );
  } finally {
    await store.close();
  }
}

async function watch(db: string): Promise<WatchAnswer> {
  const store = await openStore(db);
  try {
    return await watchQuery(queryContext(store, catalog, T), RULES);
  } finally {
    await store.close();
  }
}

const keys = (fs: WatchAnswer["fired"]): string[] => fs.map((f) => `${f.rule} ${f.subject}`).sort();

for (const dialect of DIALECTS) {
  describe(`watch rules (${dialect})`, () => {
    let db: string;
    before(async () => {
      db = await freshStore(dialect, dir.path, "watch");
      await syncRepo(
        db,
        "rhel:9.4/BaseOS/x86_64",
        [
          ["openssl", "3.0.7", "27.el9"],
          ["bash", "5.1.8", "9.el9"],
        ],
        1,
      );
      await syncRepo(db, "almalinux:9.4/BaseOS/x86_64", [["bash", "5.1.8", "9.el9"]], 1);
      const store = await openStore(db);
      try {
        await store.upsertAdvisories(
          "rhel",
          "redhat-csaf",
          "test",
          [
            {
              advisory: {
                kind: "advisory",
                id: "RHSA-2026:0001",
                type: "security",
                severity: "Important",
                summary: "openssl security update",
                issued: ago(30).toISOString(),
                updated: null,
                upstreamIds: [],
                cves: ["CVE-2026-0001"],
                packages: [plainPackage("openssl", "3.0.7-27.el9", "9")],
              },
              firstSeenGit: null,
            },
          ],
          ago(30),
        );
        // RHEL's dates were last imported 20 days ago (its source fails since); 9.5 is out 40 days, AlmaLinux has no 9.5.
        await store.replaceReleaseDates(
          "rhel",
          "endoflife-release-data",
          RHEL_DATES,
          [
            { release: "9.4", stage: "ga", date: day(ago(200)) },
            { release: "9.5", stage: "ga", date: day(ago(40)) },
          ],
          ago(20),
        );
        await store.replaceReleaseDates(
          "almalinux",
          "almalinux-release-notes",
          ALMA_NOTES,
          [{ release: "9.4", stage: "ga", date: day(ago(195)) }],
          T,
        );
      } finally {
        await store.close();
      }
      await probeRun(db, ago(2), [probe("From edge mirror", "stale", 30), probe("m2", "unreachable", null)]);
    });

    test("each rule kind fires once with its figure, source, clock and as-of time", async () => {
      const first = await watch(db);
      assert.deepEqual(first.unknown, []);
      assert.deepEqual(keys(first.fired), [
        "alma-minor almalinux 9.5",
        "alma-parity almalinux 9.4",
        "alma-security almalinux openssl-3.0.7-27.el9",
        "alma-stale almalinux From edge mirror 9/BaseOS/x86_64",
        `rhel-sources rhel endoflife-release-data ${RHEL_DATES}`,
      ]);
      const sec = first.fired.find((f) => f.rule === "alma-security");
      assert.ok(sec !== undefined);
      assert.equal(sec.measure, "package lag (pending)");
      assert.ok(sec.figure >= 29.9 && sec.figure < 31, String(sec.figure));
      assert.match(sec.source, /rhel advisory RHSA-2026:0001 \(redhat-csaf\)/);
      assert.match(sec.clock, /^upstream build time: file/);
      assert.notEqual(sec.asOf, null);
      assert.match(sec.message, /Important/);
      const minor = first.fired.find((f) => f.rule === "alma-minor");
      // From 9.5's GA day (midnight UTC) to the run's clock, in tenths of a day.
      assert.equal(minor?.figure, Math.round(((T.getTime() - Date.parse(day(ago(40)))) / DAY) * 10) / 10);
      assert.match(minor?.source ?? "", /endoflife-release-data/);
      assert.equal(first.fired.find((f) => f.rule === "alma-parity")?.figure, 0.5);
      assert.equal(first.fired.find((f) => f.rule === "alma-stale")?.figure, 30);
      assert.equal(first.fired.find((f) => f.rule === "rhel-sources")?.figure, 20);
      // One probe unreachable is not yet two in a row.
      assert.equal(first.open.length, 5);
    });

    test("the next runs stay quiet; a second unreachable probe in a row fires that rule alone", async () => {
      await probeRun(db, ago(1), [probe("From edge mirror", "stale", 31), probe("m2", "unreachable", null)]);
      const second = await watch(db);
      assert.deepEqual(keys(second.fired), ["alma-unreachable almalinux m2 9/BaseOS/x86_64"]);
      assert.equal(second.fired[0]?.figure, 2);
      assert.deepEqual(second.resolved, []);
      const third = await watch(db);
      assert.deepEqual(third.fired, []);
      assert.deepEqual(third.resolved, []);
      assert.equal(third.open.length, 6);
    });

    test("each resolves when its condition ends: the rebuild ships, releases, the mirrors catch up, the source updates", async () => {
      await syncRepo(
        db,
        "almalinux:9.4/BaseOS/x86_64",
        [
          ["openssl", "3.0.7", "27.el9"],
          ["bash", "5.1.8", "9.el9"],
        ],
        2,
      );
      const store = await openStore(db);
      try {
        await store.replaceReleaseDates(
          "almalinux",
          "almalinux-release-notes",
          ALMA_NOTES,
          [
            { release: "9.4", stage: "ga", date: day(ago(195)) },
            { release: "9.5", stage: "ga", date: day(ago(35)) },
          ],
          T,
        );
        await store.replaceReleaseDates(
          "rhel",
          "endoflife-release-data",
          RHEL_DATES,
          [
            { release: "9.4", stage: "ga", date: day(ago(200)) },
            { release: "9.5", stage: "ga", date: day(ago(40)) },
          ],
          T,
        );
      } finally {
        await store.close();
      }
      await probeRun(db, T, [probe("From edge mirror", "in-sync", 0), probe("m2", "in-sync", 0)]);
      const fourth = await watch(db);
      assert.deepEqual(fourth.fired, []);
      assert.deepEqual(fourth.resolved.map((f) => f.rule).sort(), [
        "alma-minor",
        "alma-parity",
        "alma-security",
        "alma-stale",
        "alma-unreachable",
        "rhel-sources",
      ]);
      assert.ok(fourth.resolved.every((f) => f.resolvedAt === T.toISOString()));
      assert.deepEqual(fourth.open, []);
      const fifth = await watch(db);
      assert.deepEqual([fifth.fired.length, fifth.resolved.length, fifth.open.length], [0, 0, 0]);
    });
  });
}

describe("malformed watch.yaml", () => {
  const cases: [string, string, RegExp][] = [
    ["unknown rule kind", "rules:\n  - name: a\n    kind: nope\n", /rules\[0\]\.kind: Invalid discriminator value/],
    [
      "negative days",
      "rules:\n  - name: a\n    kind: source-failing\n    days: -1\n",
      /rules\[0\]\.days: Number must be greater than or equal to 0/,
    ],
    [
      "bad glob",
      "rules:\n  - name: a\n    kind: security-build-pending\n    rebuild: almalinux\n    days: 1\n    package: 'ker[nel'\n",
      /rules\[0\]\.package: not a package glob: a \[ is never closed/,
    ],
    [
      "missing field",
      "rules:\n  - name: a\n    kind: mirror-stale\n    distro: almalinux\n",
      /rules\[0\]\.hours: Required/,
    ],
    ["YAML syntax error", "rules:\n  - name: a\n   kind: [\n", /invalid YAML: /],
    [
      "unknown distribution",
      "rules:\n  - name: a\n    kind: mirror-stale\n    distro: nosuch\n    hours: 1\n",
      /rules\[0\]\.distro: "nosuch" is not a distribution in the catalog/,
    ],
    [
      "unknown field",
      "rules:\n  - name: a\n    kind: mirror-stale\n    distro: almalinux\n    hours: 1\n    hour: 2\n",
      /rules\[0\]: Unrecognized key\(s\) in object: 'hour'/,
    ],
  ];
  for (const [what, text, problem] of cases) {
    test(`${what}: one line naming the file, the path and the problem, exit 3`, async () => {
      const file = join(dir.path, `${what.replace(/\W/g, "-")}.yaml`);
      await writeFile(file, text);
      const r = await runCli(["--db", join(dir.path, "none.db"), "watch", "--rules", file]);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, "");
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0]?.startsWith(`elscope: watch: ${file}: `), r.stderr);
      assert.match(lines[0] ?? "", problem);
    });
  }

  test("no rules file at all: where rules go, exit 3", async () => {
    const file = join(dir.path, "absent.yaml");
    const r = await runCli(["--db", join(dir.path, "none.db"), "watch", "--rules", file]);
    assert.equal(r.code, 3);
    assert.equal(
      r.stderr,
      `elscope: watch: ${file}: no rules file: write one (README, "Watch rules and alerts", has a sample) or name it with --rules\n`,
    );
  });
});
