// The use-case functions in src/queries, in process, on small real stores built here (SQLite and
// PostgreSQL alike):
// the same functions the CLI, the API and the report call.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { parseRepoKey } from "../src/catalog/repo-key.js";
import { NoDataError } from "../src/errors/no-data-error.js";
import { advisoryLagQuery } from "../src/queries/advisory-lag-query.js";
import { mirrorStatsQuery } from "../src/queries/mirror-stats-query.js";
import { parityQuery } from "../src/queries/parity-query.js";
import { queryContext } from "../src/queries/query-context.js";
import { releaseLagQuery } from "../src/queries/release-lag-query.js";
import { updateLagQuery } from "../src/queries/update-lag-query.js";
import { plainPackage } from "../src/model/advisory-record.js";
import { emptyMirror } from "../src/model/mirror-record.js";
import { MirrorStore } from "../src/store/mirror-store.js";
import type { Store } from "../src/store/store.js";
import { DIALECTS, openFreshStore } from "./helpers/dialects.js";
import { packageRecord } from "./helpers/package-record.js";

const catalog = loadCatalog();
const T0 = Date.parse("2024-05-01T00:00:00Z") / 1000;
const DAY = 86_400;

type Batch = Parameters<Store["writeSnapshot"]>[1] extends AsyncIterable<infer B> ? B : never;

/** A binary package built from `srpm` (name-version-release), on the mirror at `fileTime`. */
function pkg(srpm: string, fileTime: number): Batch[number] {
  const m = /^(.+)-([^-]+)-([^-]+)$/.exec(srpm);
  assert.ok(m);
  const [, name = "", version = "", release = ""] = m;
  return packageRecord({
    name,
    version,
    release,
    arch: "x86_64",
    checksum: `${srpm}-${fileTime}`.padEnd(64, "0"),
    sourcerpm: `${srpm}.src.rpm`,
    location: `Packages/${srpm}.x86_64.rpm`,
    fileTime,
  });
}

async function snapshot(store: Store, key: string, packages: readonly Batch[number][]): Promise<void> {
  // One batch, as an async stream like the parser's.
  const batches = Readable.from([packages]) as AsyncIterable<Batch>;
  await store.writeSnapshot(
    {
      key: parseRepoKey(key),
      sourceUrl: `http://127.0.0.1:9/${key}`,
      revision: null,
      repomdChecksum: key,
      etag: null,
      lastModified: null,
      now: new Date("2024-06-01T00:00:00Z"),
      files: [],
    },
    batches,
  );
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    describe("update lag and parity", () => {
      let store: Store;
      before(async () => {
        store = await openFreshStore(dialect);
        await snapshot(store, "rhel:9.4/BaseOS/x86_64", [
          pkg("bash-5.1.8-9.el9", T0),
          pkg("kernel-5.14.0-427.13.1.el9_4", T0 + DAY),
          pkg("openssh-8.7p1-38.el9", T0 + 2 * DAY),
        ]);
        await snapshot(store, "almalinux:9.4/BaseOS/x86_64", [
          pkg("bash-5.1.8-9.el9", T0 + 2 * DAY),
          pkg("kernel-5.14.0-427.13.1.el9_4", T0 + DAY / 2),
          pkg("openssh-8.7p1-38.el9.alma.1", T0 + 5 * DAY),
          pkg("almalinux-release-9.4-1.el9", T0),
        ]);
      });
      after(() => store.close());

      test("lag: one row per upstream build and rebuild, with status, lag and the clock named", async () => {
        const a = await updateLagQuery(queryContext(store, catalog), {
          upstream: "rhel",
          rebuilds: ["almalinux"],
          release: "9.4",
        });
        assert.equal(a.lag, "package lag");
        assert.equal(a.timeSource, "file");
        assert.deepEqual(
          a.rows.map((r) => [r.upstreamBuild, r.rebuild, r.status, r.lagDays]),
          [
            ["bash-5.1.8-9.el9", "almalinux", "identical", 2],
            ["kernel-5.14.0-427.13.1.el9_4", "almalinux", "identical", -0.5],
            ["openssh-8.7p1-38.el9", "almalinux", "modified", 3],
          ],
        );
        const all = a.summaries.find((s) => s.groupBy === "distro");
        assert.deepEqual([all?.builds, all?.matched, all?.pending, all?.maxDays], [3, 3, 0, 3]);
        assert.equal(a.asOf["almalinux"], "2024-06-01T00:00:00.000Z");
        assert.ok(a.sources.length > 0);
      });

      test("lag: a rebuild with nothing synced is no data, naming the sync command", async () => {
        await assert.rejects(
          updateLagQuery(queryContext(store, catalog), { upstream: "rhel", rebuilds: ["rocky"], release: "9.4" }),
          (e: unknown) => e instanceof NoDataError && /elscope sync --distro rocky/.test(e.message),
        );
      });

      test("parity: flat rows per repository and in total, the rebuild's own builds listed", async () => {
        const p = await parityQuery(queryContext(store, catalog), {
          upstream: "rhel",
          rebuilds: ["almalinux"],
          release: "9.4",
        });
        assert.deepEqual(
          p.rows.map((r) => [r.repo, r.rebuild, r.upstreamBuilds, r.identical, r.modified, r.missing]),
          [
            ["BaseOS", "almalinux", 3, 2, 1, 0],
            ["all", "almalinux", 3, 2, 1, 0],
          ],
        );
        assert.deepEqual(p.rebuildOnly["almalinux"], ["almalinux-release-9.4-1.el9"]);
      });

      test("one context reads each distribution's builds once", async () => {
        const ctx = queryContext(store, catalog);
        await parityQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9.4" });
        const builds = () => [...ctx.memo.keys()].filter((k) => k.startsWith("builds"));
        const before = builds().length;
        await parityQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], release: "9.4" });
        assert.equal(builds().length, before);
        assert.equal(before, 2);
      });
    });

    describe("package lag with a build the rebuild never ships", () => {
      let store: Store;
      before(async () => {
        store = await openFreshStore(dialect);
        await snapshot(store, "rhel:9.4/BaseOS/x86_64", [
          pkg("bash-5.1.8-9.el9", T0),
          pkg("curl-7.76.1-29.el9", T0),
          pkg("kernel-5.14.0-427.13.1.el9_4", T0),
          pkg("openssl-3.0.7-27.el9", T0 + DAY),
        ]);
        // Synced (checked) at 2024-06-01: openssl is still not there, 30 days after RHEL's build.
        await snapshot(store, "almalinux:9.4/BaseOS/x86_64", [
          pkg("bash-5.1.8-9.el9", T0 + DAY / 3),
          pkg("curl-7.76.1-29.el9", T0 + 2 * DAY),
          pkg("kernel-5.14.0-427.13.1.el9_4", T0 + 3 * DAY),
        ]);
      });
      after(() => store.close());

      test("the unshipped build is pending, waiting so far, and counts in the summary by Kaplan–Meier", async () => {
        const a = await updateLagQuery(queryContext(store, catalog), { upstream: "rhel", rebuilds: ["almalinux"] });
        assert.deepEqual(
          a.rows.map((r) => [r.upstreamBuild, r.status, r.lagDays, r.waitingDays]),
          [
            // Exact days in the data: a third of a day, not 0.33.
            ["bash-5.1.8-9.el9", "identical", 1 / 3, null],
            ["curl-7.76.1-29.el9", "identical", 2, null],
            ["kernel-5.14.0-427.13.1.el9_4", "identical", 3, null],
            ["openssl-3.0.7-27.el9", "pending", null, 30],
          ],
        );
        const all = a.summaries.find((s) => s.groupBy === "distro");
        assert.ok(all);
        // Shipped after 1/3, 2 and 3 days, one censored at 30: S = 3/4, 2/4, 1/4. The curve sits on 1/2
        // from day 2 to day 3 (median 2.5); it never falls to 0.1 (no p90); within 1 day 1/4, within 7 days 3/4.
        assert.deepEqual(
          [all.builds, all.matched, all.pending, all.medianDays, all.p90Days, all.maxDays],
          [4, 3, 1, 2.5, null, 3],
        );
        assert.deepEqual([all.within1Day, all.within7Days], [0.25, 0.75]);
        assert.deepEqual([all.pendingMedianDays, all.pendingMaxDays], [30, 30]);
        assert.match(
          all.estimator,
          /Kaplan–Meier product-limit; pending builds right-censored at almalinux's newest sync/,
        );
        assert.equal(all.asOf, "2024-06-01T00:00:00.000Z");
      });
    });

    describe("errata lag, release lag and mirror stats", () => {
      let store: Store;
      before(async () => {
        store = await openFreshStore(dialect);
        const advisory = (id: string, issued: string, upstreamIds: string[]) => ({
          kind: "advisory" as const,
          id,
          type: "security" as const,
          severity: "Important",
          summary: "kernel security update",
          issued,
          updated: null,
          upstreamIds,
          cves: ["CVE-2024-1086"],
          packages: [plainPackage("kernel", "5.14.0-427.13.1.el9_4", "9")],
        });
        const now = new Date("2024-06-01T00:00:00Z");
        await store.upsertAdvisories(
          "rhel",
          "redhat-csaf",
          "test",
          [{ advisory: advisory("RHSA-2024:2758", "2024-05-01T00:00:00Z", []), firstSeenGit: null }],
          now,
        );
        await store.upsertAdvisories(
          "almalinux",
          "osv",
          "test",
          [
            {
              advisory: advisory("ALSA-2024:2758", "2024-05-01T00:00:00Z", ["RHSA-2024:2758"]),
              firstSeenGit: "2024-05-05T00:00:00Z",
              feedCommit: { commit: "c0ffee", filesAdded: 3 },
              ownPublished: { at: "2024-05-04T08:00:00Z", field: "OSV modified, first version" },
            },
          ],
          now,
        );
        await store.replaceReleaseDates(
          "rhel",
          "endoflife-release-data",
          "test",
          [{ release: "9.4", stage: "ga", date: "2024-04-30" }],
          now,
        );
        await store.replaceReleaseDates(
          "almalinux",
          "almalinux-release-notes",
          "test",
          [{ release: "9.4", stage: "ga", date: "2024-05-06" }],
          now,
        );
      });
      after(() => store.close());

      test("errata lag from the rebuild's own publication, feed lag from its first commit, each named", async () => {
        const a = await advisoryLagQuery(queryContext(store, catalog), { rebuild: "almalinux", upstream: "rhel" });
        assert.equal(a.lag, "errata lag");
        assert.deepEqual(
          a.rows.map((r) => [r.advisory, r.upstreamId, r.dateSource, r.lagDays, r.feedLagDays, r.upperBound]),
          // Exact: 3 days 8 hours is 10/3 days, not 3.33 (renderers round).
          [["ALSA-2024:2758", "RHSA-2024:2758", "published by the rebuild", 10 / 3, 4, "2024-05-05T00:00:00Z"]],
        );
        assert.deepEqual(
          a.summaries.filter((s) => s.groupBy === "all").map((s) => [s.lag, s.medianDays]),
          [
            ["errata lag", 10 / 3],
            ["feed lag", 4],
          ],
        );
        assert.deepEqual(a.coverage, { known: true, upstreamAdvisories: 1, withoutCounterpart: [] });
        await assert.rejects(
          advisoryLagQuery(queryContext(store, catalog), { rebuild: "rocky", upstream: "rhel" }),
          NoDataError,
        );
      });

      test("release lag per minor, each date with its source", async () => {
        const r = await releaseLagQuery(queryContext(store, catalog), { upstream: "rhel", rebuilds: ["almalinux"] });
        const row = r.rows.find((x) => x.release === "9.4" && x.distro === "almalinux");
        assert.deepEqual(
          [row?.upstreamDate, row?.upstreamSource, row?.date, row?.source, row?.lagDays],
          ["2024-04-30", "endoflife-release-data", "2024-05-06", "almalinux-release-notes", 6],
        );
        assert.equal(r.lag, "release lag");
      });

      test("mirror stats: no data without a list, partial leaves it out, a list is counted", async () => {
        const ctx = queryContext(store, catalog);
        await assert.rejects(mirrorStatsQuery(ctx, { distros: ["almalinux"] }), NoDataError);
        assert.deepEqual((await mirrorStatsQuery(ctx, { distros: ["almalinux"], partial: true })).distros, []);
        const entry = (name: string, country: string) => ({
          ...emptyMirror(name, "base"),
          urls: { http: null, https: `https://${name}/almalinux/`, rsync: null, ftp: null },
          country,
        });
        await new MirrorStore(store.db).saveSnapshots(
          [
            {
              distro: "almalinux",
              sourceKind: "almalinux-mirrors",
              source: "test",
              observedAt: "2024-06-01T00:00:00.000Z",
              entries: [entry("a.example", "DE"), entry("b.example", "US")],
              references: [],
              warnings: 0,
            },
          ],
          new Date("2024-06-01T00:00:00Z"),
        );
        const s = await mirrorStatsQuery(ctx, { distros: ["almalinux"] });
        assert.deepEqual(s.distros[0]?.mirrors, { total: 2, public: 2, private: 0 });
        assert.equal(s.asOf["almalinux"], "2024-06-01T00:00:00.000Z");
      });
    });

    test("release lag: a major-only date speaks for the distribution's first minor; no row for a release never made", async () => {
      const store = await openFreshStore(dialect);
      try {
        const now = new Date("2024-06-01T00:00:00Z");
        await store.replaceReleaseDates(
          "rhel",
          "endoflife-release-data",
          "test",
          [
            { release: "8.0", stage: "ga", date: "2019-05-07" },
            { release: "8.3", stage: "ga", date: "2020-11-03" },
          ],
          now,
        );
        // endoflife.date's product page gives AlmaLinux 8 as a whole; AlmaLinux 8 began with 8.3 (the catalog's first minor).
        await store.replaceReleaseDates(
          "almalinux",
          "endoflife-product",
          "test",
          [{ release: "8", stage: "ga", date: "2021-03-30" }],
          now,
        );
        const r = await releaseLagQuery(queryContext(store, catalog), { upstream: "rhel", rebuilds: ["almalinux"] });
        assert.deepEqual(
          r.rows.map((x) => [x.release, x.date, x.source, x.lagDays]),
          [["8.3", "2021-03-30", "endoflife-product", 147]],
        );
      } finally {
        await store.close();
      }
    });

    test("package lag of a major the rebuild has nothing of is no data, not its other majors' builds", async () => {
      const store = await openFreshStore(dialect);
      try {
        await snapshot(store, "rhel:9.4/BaseOS/x86_64", [pkg("bash-5.1.8-9.el9", T0)]);
        await snapshot(store, "rocky:8.10/BaseOS/x86_64", [pkg("bash-4.4.20-5.el8", T0)]);
        await assert.rejects(
          updateLagQuery(queryContext(store, catalog), { upstream: "rhel", rebuilds: ["rocky"], release: "9" }),
          (e: unknown) => e instanceof NoDataError && /no data for rocky release 9/.test(e.message),
        );
      } finally {
        await store.close();
      }
    });
  });
}
