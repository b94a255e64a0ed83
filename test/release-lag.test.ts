// Release lag by both GA conventions (the announcement and the errata batch), first releases
// marked and kept out of the medians: in process on small stores built here, and on the bundled
// snapshot, which elscope's own importers build from the real public data.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type UpstreamAdvisoryDay, gaBatch } from "../src/analyze/errata-batches.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { type AdvisoryRecord, plainPackage } from "../src/model/advisory-record.js";
import { importCsaf } from "../src/ingest/import-csaf.js";
import { queryContext } from "../src/queries/query-context.js";
import { releaseLagQuery } from "../src/queries/release-lag-query.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import type { Store } from "../src/store/store.js";
import { tempDir } from "./helpers/temp-dir.js";

const catalog = loadCatalog();
const NOW = new Date("2026-06-01T00:00:00Z");

type Advisory = Extract<AdvisoryRecord, { kind: "advisory" }>;

/** `n` AlmaLinux OSV advisories for `major` whose `published` (the RHSA's day, copied) is `day`. */
function copies(first: number, n: number, day: string, major: string): Advisory[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: "advisory" as const,
    id: `ALSA-${day.slice(0, 4)}:${first + i}`,
    type: "security" as const,
    severity: "Moderate",
    summary: "test",
    issued: `${day}T12:00:00.000Z`,
    updated: null,
    upstreamIds: [`RHSA-${day.slice(0, 4)}:${first + i}`],
    cves: [],
    packages: [plainPackage(`pkg${first + i}`, `1.0-1.el${major}`, major)],
  }));
}

/** GA dates of `distro` from one source: [release, YYYY-MM-DD] pairs. */
function gaDates(store: Store, distro: string, kind: string, dates: readonly [string, string][]): Promise<void> {
  const rows = dates.map(([release, date]) => ({ release, stage: "ga" as const, date }));
  return store.replaceReleaseDates(distro, kind, "test", rows, NOW);
}

async function storeWith(advisories: readonly Advisory[]): Promise<Store> {
  const store = await openSqliteStore(":memory:");
  await gaDates(store, "rhel", "endoflife-release-data", [
    ["9.0", "2022-05-17"],
    ["9.4", "2024-05-02"],
  ]);
  await gaDates(store, "almalinux", "almalinux-release-notes", [
    ["8.3", "2021-03-30"],
    ["9.0", "2022-05-26"],
    ["9.4", "2024-05-06"],
  ]);
  await store.upsertAdvisories(
    "almalinux",
    "osv",
    "test",
    advisories.map((advisory) => ({ advisory, firstSeenGit: null })),
    NOW,
  );
  return store;
}

test("errata convention: the minor's GA batch of upstream advisories, from the dates rebuild advisories copy", async () => {
  // 9.4's batch two days before the announcement; a smaller day nearby and major 8's busier day do not count.
  const store = await storeWith([
    ...copies(1000, 12, "2024-04-30", "9"),
    ...copies(2000, 3, "2024-05-03", "9"),
    ...copies(3000, 40, "2024-05-01", "8"),
  ]);
  try {
    const ctx = queryContext(store, catalog);
    const errata = await releaseLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"], convention: "errata" });
    const r94 = errata.rows.find((r) => r.release === "9.4");
    assert.deepEqual(r94?.upstreamByConvention, {
      announcement: { date: "2024-05-02", source: "endoflife-release-data", advisories: null },
      errata: { date: "2024-04-30", source: "errata batch (almalinux osv)", advisories: 12 },
      differDays: 2,
    });
    assert.deepEqual([r94?.upstreamDate, r94?.upstreamConvention, r94?.lagDays], ["2024-04-30", "errata", 6]);
    assert.deepEqual(r94?.lagDaysByConvention, { announcement: 4, errata: 6 });
    // 9.0, the .0 of a new major, has no batch: the announcement stands, and the row says so.
    const r90 = errata.rows.find((r) => r.release === "9.0");
    assert.deepEqual(
      [r90?.upstreamByConvention.errata, r90?.upstreamConvention, r90?.upstreamDate],
      [null, "announcement", "2022-05-17"],
    );
    const announced = await releaseLagQuery(queryContext(store, catalog), {
      upstream: "rhel",
      rebuilds: ["almalinux"],
    });
    assert.deepEqual(
      announced.rows.filter((r) => r.release === "9.4").map((r) => [r.upstreamDate, r.upstreamConvention, r.lagDays]),
      [["2024-05-02", "announcement", 4]],
    );
  } finally {
    await store.close();
  }
});

test("too few advisories on any day near the announcement is no batch", async () => {
  const store = await storeWith(copies(1000, 9, "2024-04-30", "9"));
  try {
    const r = await releaseLagQuery(queryContext(store, catalog), {
      upstream: "rhel",
      rebuilds: ["almalinux"],
      convention: "errata",
    });
    assert.equal(r.errataBatchRule.minAdvisories, 10);
    const r94 = r.rows.find((x) => x.release === "9.4");
    assert.deepEqual([r94?.upstreamByConvention.errata, r94?.upstreamConvention], [null, "announcement"]);
  } finally {
    await store.close();
  }
});

test("errata convention from CSAF: advisories whose product ids name the minor's GA stream decide", async () => {
  // Copies say 2024-05-01; RHEL's own GA-stream advisory (AppStream-9.4.0.GA) says 2024-04-30, and wins.
  const store = await storeWith(copies(1000, 12, "2024-05-01", "9"));
  try {
    const location = fileURLToPath(new URL("../../test/fixtures/redhat-csaf/", import.meta.url));
    await importCsaf({ store, catalog, kind: "redhat-csaf", distro: "rhel", location, label: "fixtures" });
    const r = await releaseLagQuery(queryContext(store, catalog), {
      upstream: "rhel",
      rebuilds: ["almalinux"],
      convention: "errata",
    });
    const r94 = r.rows.find((x) => x.release === "9.4");
    assert.deepEqual(r94?.upstreamByConvention.errata, {
      date: "2024-04-30",
      source: "errata batch (rhel redhat-csaf)",
      advisories: 1,
    });
  } finally {
    await store.close();
  }
});

test("a distribution's first release is marked and left out of the summary", async () => {
  const store = await storeWith([]);
  try {
    await gaDates(store, "rhel", "endoflife-product", [["8.3", "2020-11-03"]]);
    const r = await releaseLagQuery(queryContext(store, catalog), { upstream: "rhel", rebuilds: ["almalinux"] });
    assert.deepEqual(
      r.rows.map((x) => [x.release, x.firstRelease, x.lagDays]),
      [
        ["8.3", true, 147],
        ["9.0", false, 9],
        ["9.4", false, 4],
      ],
    );
    assert.deepEqual(r.summaries, [
      { distro: "almalinux", minors: 2, medianDays: 6.5, maxDays: 9, excludedFirstReleases: ["8.3"] },
    ]);
  } finally {
    await store.close();
  }
});

test("gaBatch: the upstream's own advisories before copies, and a named GA stream decides", () => {
  const day = (upstreamId: string, d: string, via: UpstreamAdvisoryDay["via"], gaMinor: string | null = null) => ({
    upstreamId,
    majors: ["9"],
    day: d,
    via,
    source: via === "upstream advisory" ? "rhel redhat-csaf" : "almalinux osv",
    gaMinor,
  });
  const rule = { windowDays: 14, minAdvisories: 2 };
  const days = [
    day("RHSA-1", "2024-04-30", "upstream advisory"),
    day("RHSA-2", "2024-04-30", "upstream advisory"),
    day("RHSA-3", "2024-05-01", "copied by the rebuild"),
    day("RHSA-4", "2024-05-01", "copied by the rebuild"),
    day("RHSA-5", "2024-05-01", "copied by the rebuild"),
  ];
  assert.deepEqual(gaBatch("9.4", "2024-05-02", days, rule), {
    release: "9.4",
    day: "2024-04-30",
    advisories: 2,
    via: "upstream advisory",
    sources: ["rhel redhat-csaf"],
  });
  // The same advisory copied twice counts once.
  assert.equal(
    gaBatch(
      "9.4",
      "2024-05-02",
      [days[2], days[2]].filter((d) => d !== undefined),
      rule,
    ),
    null,
  );
  assert.equal(gaBatch("9.4", null, days, rule), null);
  const named = [...days, day("RHSA-6", "2024-04-29", "upstream advisory", "9.4")];
  assert.equal(gaBatch("9.4", null, named, rule)?.day, "2024-04-29");
});

const SNAPSHOT = fileURLToPath(new URL("../../data/snapshot.db.xz", import.meta.url));

test("on the bundled snapshot: both conventions per minor, a major with no batch, no invented rows", async (t) => {
  if (!existsSync(SNAPSHOT)) return t.skip("no data/snapshot.db.xz");
  const dir = await tempDir();
  try {
    const path = join(dir.path, "snapshot.db");
    execFileSync("sh", ["-c", `xz -dc "$1" > "$2"`, "sh", SNAPSHOT, path]);
    const store = await openSqliteStore(path);
    try {
      const r = await releaseLagQuery(queryContext(store, catalog), {
        upstream: "rhel",
        rebuilds: ["almalinux", "rocky"],
        convention: "errata",
      });
      const alma = r.rows.filter((x) => x.distro === "almalinux");
      assert.ok(!alma.some((x) => x.release === "8.0"), "AlmaLinux never made 8.0");
      assert.deepEqual(
        alma.filter((x) => x.firstRelease).map((x) => x.release),
        ["8.3"],
      );
      assert.deepEqual(
        r.rows.filter((x) => x.distro === "rocky" && x.firstRelease).map((x) => x.release),
        ["8.3", "8.4"],
      );
      // Each batch is the busiest day for its major near the announcement, counted here straight from the store.
      const db = new Database(path, { readonly: true });
      const count = db.prepare(
        `select count(distinct a.id) n from advisories a join advisory_packages p on p.distro = a.distro and p.id = a.id
         where a.distro = 'almalinux' and a.source_kind = 'osv' and substr(a.issued, 1, 10) = ? and p.major = ?`,
      );
      let batches = 0;
      for (const x of alma) {
        const e = x.upstreamByConvention.errata;
        if (e === null || e.advisories === null) continue;
        batches++;
        assert.equal((count.get(e.date, x.release.split(".")[0]) as { n: number }).n, e.advisories, x.release);
        assert.match(e.source, /^errata batch \(almalinux osv\)$/);
      }
      db.close();
      assert.ok(batches >= 10, `${batches} minors with a batch`);
      // The batches the issue measured in the AlmaLinux OSV data, with RHEL 9.4 onwards dated by endoflife.date's page history.
      const day = (release: string) => alma.find((x) => x.release === release)?.upstreamByConvention.errata?.date;
      assert.deepEqual(["8.6", "9.4", "9.5", "9.6", "10.0"].map(day), [
        "2022-05-10",
        "2024-04-30",
        "2024-11-12",
        "2025-05-13",
        "2025-05-13",
      ]);
      // The .0 of a new major (9.0) has no batch before it: the announcement stands, named.
      const r90 = alma.find((x) => x.release === "9.0");
      assert.deepEqual([r90?.upstreamByConvention.errata, r90?.upstreamConvention], [null, "announcement"]);
      assert.equal(r90?.upstreamDate, r90?.upstreamByConvention.announcement?.date);
      // The summary leaves the first release out.
      const s = r.summaries.find((x) => x.distro === "almalinux");
      assert.deepEqual(s?.excludedFirstReleases, ["8.3"]);
      assert.equal(s?.minors, alma.filter((x) => !x.firstRelease && x.lagDays !== null).length);
    } finally {
      await store.close();
    }
  } finally {
    await dir.remove();
  }
});
