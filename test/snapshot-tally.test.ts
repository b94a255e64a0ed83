// A sync folds each snapshot's counts and source builds as it writes the rows (SnapshotTally);
// these must be exactly what SQL computes from the stored rows (countSnapshot, writeSourceBuilds),
// on both stores, through first syncs, re-syncs with kept, changed, new and removed builds, and a
// NEVRA listed twice (where the writer falls back to SQL). So must the provenance summary it
// folds (ProvenanceFold) be what groupProvenance groups from the rows. The snapshot's pack (migration 0017)
// holds the same rows, and a migration's backfill writes the same pack.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Kysely, sql } from "#kysely";
import type { PackageRecord } from "../src/model/package-record.js";
import { groupProvenance, readProvenanceSummaries } from "../src/store/provenance-summary.js";
import { countSnapshot } from "../src/store/snapshot-counts.js";
import { unpackSourceBuilds } from "../src/store/source-build-pack.js";
import { backfillSourceBuildPacks } from "../src/store/source-builds.js";
import { sourceRpmOf } from "../src/store/source-rpm-of.js";
import type { Store } from "../src/store/store.js";
import { DIALECTS, openFreshStore } from "./helpers/dialects.js";
import { packageRecord } from "./helpers/package-record.js";
import { writeTestSnapshot } from "./helpers/write-test-snapshot.js";

/** A package of `nevra`-like parts; `build` changes its checksum (a rebuilt or re-signed file). */
function pkg(
  name: string,
  version: string,
  arch: string,
  more: Partial<PackageRecord> & { readonly build?: number } = {},
): PackageRecord {
  const { build = 0, ...rest } = more;
  return packageRecord({
    name,
    version,
    release: "1.el9",
    arch,
    checksum: `${name}-${version}-${arch}-${build}`.padEnd(64, "0"),
    sourcerpm: arch === "src" ? null : `${name}-${version}-1.el9.src.rpm`,
    location: `Packages/${name}-${version}-1.el9.${arch}.rpm`,
    fileTime: 1_700_000_000,
    ...rest,
  });
}

interface Stored {
  readonly counts: unknown;
  readonly sourceBuilds: readonly unknown[];
  /** The rows of the snapshot's pack; for SQL's side, its grouped rows again. */
  readonly packed: readonly unknown[];
  readonly provenance: unknown;
}

/** The rows of the snapshot's pack, and how many packs the repository has (one: older ones go). */
async function packedRows(db: Kysely<unknown>, snapshotId: number, repositoryId: number): Promise<unknown[]> {
  const packs = await sql<{
    snapshot_id: number;
    row_count: number;
    body: Uint8Array;
  }>`select snapshot_id, row_count, body
    from source_build_packs where repository_id = ${repositoryId}`.execute(db);
  assert.equal(packs.rows.length, 1, "one pack per repository");
  const pack = packs.rows[0];
  assert.ok(pack);
  assert.equal(Number(pack.snapshot_id), snapshotId, "the pack is the newest snapshot's");
  // Batches of 2 here, so a batch boundary falls inside the rows.
  return [...unpackSourceBuilds({ rowCount: Number(pack.row_count), body: pack.body }, 2)].flat();
}

/** What the writer stored for the repository's newest snapshot, and what SQL makes of its rows. */
async function storedAndRecounted(db: Kysely<unknown>, key: string): Promise<{ stored: Stored; sql: Stored }> {
  const snap = (
    await sql<{ id: number; repository_id: number; counts: string }>`select s.id, s.repository_id, s.counts
      from snapshots s join repositories r on r.id = s.repository_id where r.key = ${key}
      order by s.id desc limit 1`.execute(db)
  ).rows[0];
  assert.ok(snap);
  const id = Number(snap.id);
  const repo = Number(snap.repository_id);
  const norm = (rows: readonly Record<string, unknown>[]) =>
    rows.map((r) => ({
      sourcerpm: r["sourcerpm"],
      epoch: Number(r["epoch"]),
      fileTime: r["file_time"] === null ? null : Number(r["file_time"]),
      firstSeen: r["first_seen"],
    }));
  const storedBuilds = await sql<Record<string, unknown>>`select sourcerpm, epoch, file_time, first_seen
    from source_builds where snapshot_id = ${id} order by sourcerpm`.execute(db);
  const src = sourceRpmOf();
  const grouped = await sql<Record<string, unknown>>`select ${src} as sourcerpm, max(p.epoch) as epoch,
    min(p.file_time) as file_time, min(p.first_seen) as first_seen
    from packages p where p.repository_id = ${repo} and p.last_snapshot_id = ${id} and ${src} is not null
    group by ${src} order by 1`.execute(db);
  const summary = (await readProvenanceSummaries(db, new Map([[repo, id]]))).get(repo);
  assert.ok(summary, "the newest snapshot has its provenance summary");
  return {
    stored: {
      counts: JSON.parse(snap.counts) as unknown,
      sourceBuilds: norm(storedBuilds.rows),
      packed: await packedRows(db, id, repo),
      provenance: summary,
    },
    sql: {
      counts: await countSnapshot(db, repo, id),
      sourceBuilds: norm(grouped.rows),
      packed: norm(grouped.rows),
      provenance: await groupProvenance(db, repo, id),
    },
  };
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let store: Store;
    before(async () => {
      store = await openFreshStore(dialect);
    });
    after(() => store.close());

    // Two batches, as the parser sends them.
    const write = (key: string, at: string, packages: readonly PackageRecord[]) =>
      writeTestSnapshot(store, key, at, [packages.slice(0, 3), packages.slice(3)]);

    test("first sync, re-syncs and a NEVRA listed twice: the stored counts and source builds are SQL's", async () => {
      const key = "almalinux:9.4/AppStream/x86_64";
      const first = [
        pkg("bash", "5.1", "x86_64", { buildhost: "b1", packager: "AlmaLinux", vendor: "AlmaLinux" }),
        pkg("bash-doc", "5.1", "noarch", {
          sourcerpm: "bash-5.1-1.el9.src.rpm",
          fileTime: 1_600_000_000,
          buildhost: "b1",
          packager: "AlmaLinux",
          vendor: "AlmaLinux",
        }),
        pkg("bash", "5.1", "src", { buildhost: "b2", vendor: "AlmaLinux" }),
        pkg("orphan", "1", "x86_64", { sourcerpm: null, buildhost: "b2" }),
        pkg("notime", "2", "x86_64", { fileTime: null }),
        pkg("perl-x", "3", "x86_64", { epoch: 4, sourcerpm: "perl-x-3-1.el9.src.rpm" }),
        pkg("perl-x-devel", "3", "x86_64", { sourcerpm: "perl-x-3-1.el9.src.rpm" }),
        pkg("nosrc-thing", "1", "nosrc"),
      ];
      await write(key, "2024-06-01T00:00:00.000Z", first);
      const a = await storedAndRecounted(store.db as unknown as Kysely<unknown>, key);
      assert.deepEqual(a.stored, a.sql);
      assert.deepEqual(a.stored.counts, { binary: 6, source: 4, byArch: { noarch: 1, nosrc: 1, src: 1, x86_64: 5 } });

      // Kept (with their older first sighting and stored file time), one rebuilt, one gone, one new,
      // and a kept row listed twice.
      const second = [
        pkg("bash", "5.1", "x86_64", {
          fileTime: 1_800_000_000,
          buildhost: "b1",
          packager: "AlmaLinux",
          vendor: "AlmaLinux",
        }),
        pkg("bash-doc", "5.1", "noarch", {
          sourcerpm: "bash-5.1-1.el9.src.rpm",
          build: 1,
          fileTime: 1_500_000_000,
          buildhost: "b3",
          packager: "AlmaLinux",
          vendor: "AlmaLinux",
        }),
        pkg("bash", "5.1", "src", { buildhost: "b2", vendor: "AlmaLinux" }),
        pkg("bash", "5.1", "x86_64", { buildhost: "b1", packager: "AlmaLinux", vendor: "AlmaLinux" }),
        pkg("notime", "2", "x86_64", { fileTime: null }),
        pkg("perl-x", "3", "x86_64", { epoch: 4, sourcerpm: "perl-x-3-1.el9.src.rpm" }),
        pkg("new", "1", "aarch64"),
      ];
      await write(key, "2024-07-01T00:00:00.000Z", second);
      const b = await storedAndRecounted(store.db as unknown as Kysely<unknown>, key);
      assert.deepEqual(b.stored, b.sql);
      assert.ok(
        b.stored.sourceBuilds.some((s) => JSON.stringify(s).includes("2024-06-01")),
        "a kept build keeps its first sighting",
      );

      // A new NEVRA listed twice: the second is dropped by the unique index, and the counts are SQL's.
      await write(key, "2024-08-01T00:00:00.000Z", [
        ...second,
        pkg("twice", "1", "x86_64"),
        pkg("twice", "1", "x86_64", { build: 2 }),
      ]);
      const c = await storedAndRecounted(store.db as unknown as Kysely<unknown>, key);
      assert.deepEqual(c.stored, c.sql);
      assert.equal((c.stored.counts as { byArch: Record<string, number> }).byArch["x86_64"], 4);

      // A store migrated to 0017 gets each newest snapshot's pack from its rows: the same pack.
      const db = store.db as unknown as Kysely<unknown>;
      const before = await sql<{ body: Uint8Array }>`select body from source_build_packs`.execute(db);
      await sql`delete from source_build_packs`.execute(db);
      await backfillSourceBuildPacks(db);
      const backfilled = await sql<{ body: Uint8Array }>`select body from source_build_packs`.execute(db);
      assert.deepEqual(backfilled.rows, before.rows);
      assert.deepEqual((await storedAndRecounted(db, key)).stored, c.stored);

      // Folded again on a summary SQL made; a kept NEVRA also listed with a new build leaves two
      // current rows of it, and the sync after that groups in SQL.
      const fourth = [
        ...second.slice(1),
        pkg("twice", "1", "x86_64"),
        pkg("later", "2", "noarch", { buildhost: "b4" }),
      ];
      for (const [at, packages] of [
        ["2024-09-01T00:00:00.000Z", fourth],
        ["2024-10-01T00:00:00.000Z", [...fourth, pkg("later", "2", "noarch", { buildhost: "b5", build: 3 })]],
        ["2024-11-01T00:00:00.000Z", fourth.slice(2)],
      ] as const) {
        await write(key, at, packages);
        const d = await storedAndRecounted(store.db as unknown as Kysely<unknown>, key);
        assert.deepEqual(d.stored, d.sql, at);
      }
      const history = (await storedAndRecounted(store.db as unknown as Kysely<unknown>, key)).stored.provenance as {
        intervals: readonly unknown[];
      };
      assert.ok(history.intervals.length >= 8, "the summary holds the repository's history");
    });

    test("source builds stored while rows come take the figures of rows in later batches", async () => {
      // The writer stores each batch's new source builds when the next batch comes; these rows of
      // perl-y change its build after that (a higher epoch, an earlier file time, then an earlier
      // first sighting from a kept row), and none of them may be lost.
      const key = "almalinux:9.4/CRB/x86_64";
      const src = { sourcerpm: "perl-y-3-1.el9.src.rpm" };
      const devel = pkg("perl-y-devel", "3", "x86_64", { ...src, fileTime: 1_800_000_000 });
      const main = pkg("perl-y", "3", "x86_64", { ...src, epoch: 2, fileTime: 1_700_000_000 });
      const doc = pkg("perl-y-doc", "3", "noarch", { ...src, fileTime: null });
      const db = store.db as unknown as Kysely<unknown>;
      await writeTestSnapshot(store, key, "2024-06-01T00:00:00.000Z", [
        [doc, pkg("a", "1", "x86_64")],
        [devel],
        [main],
      ]);
      const a = await storedAndRecounted(db, key);
      assert.deepEqual(a.stored, a.sql);
      assert.deepEqual(
        a.stored.sourceBuilds.find((b) => (b as { sourcerpm: string }).sourcerpm === src.sourcerpm),
        { ...src, epoch: 2, fileTime: 1_700_000_000, firstSeen: "2024-06-01T00:00:00.000Z" },
      );
      // A new binary of the source first, the kept ones (seen in June) after it.
      const extra = pkg("perl-y-tests", "3", "x86_64", { ...src, fileTime: 1_900_000_000 });
      await writeTestSnapshot(store, key, "2024-07-01T00:00:00.000Z", [[extra], [doc, devel, main]]);
      const b = await storedAndRecounted(db, key);
      assert.deepEqual(b.stored, b.sql);
      assert.equal(
        (
          b.stored.sourceBuilds.find((r) => (r as { sourcerpm: string }).sourcerpm === src.sourcerpm) as {
            firstSeen: string;
          }
        ).firstSeen,
        "2024-06-01T00:00:00.000Z",
      );
    });

    test("a source RPM name with a tab or a line break is stored as rows, without a pack, and read the same", async () => {
      const key = "almalinux:9.4/BaseOS/x86_64";
      await write(key, "2024-06-01T00:00:00.000Z", [
        pkg("plain", "1", "x86_64"),
        pkg("odd", "1", "x86_64", { sourcerpm: "odd\tname-1-1.el9.src.rpm" }),
      ]);
      const db = store.db as unknown as Kysely<unknown>;
      const packs = await sql`select 1 from source_build_packs p join repositories r on r.id = p.repository_id
        where r.key = ${key}`.execute(db);
      assert.equal(packs.rows.length, 0);
      const read = [];
      for await (const b of store.sourceRowBatches("almalinux", ["9.4"])) if (b.repo === "BaseOS") read.push(...b.rows);
      assert.deepEqual(
        read.map((r) => r.sourcerpm),
        ["odd\tname-1-1.el9.src.rpm", "plain-1-1.el9.src.rpm"],
      );
    });
  });
}
