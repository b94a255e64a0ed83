import { type Kysely, sql } from "#kysely";
import type { BulkInsert } from "./bulk-insert.js";
import { newestSnapshots } from "./newest-snapshots.js";
import type { SnapshotTally, SourceBuildRow } from "./snapshot-tally.js";
import { type SourceBuildPack, SourceBuildPacker } from "./source-build-pack.js";
import { sourceRpmOf } from "./source-rpm-of.js";

/**
 * Stores the source builds of one snapshot (migration 0010): one row per source RPM, with the
 * highest epoch, earliest file time and first sighting of any of its packages, and drops the
 * repository's older snapshots' rows. Run in the transaction that writes the snapshot, so the
 * analyses read 1 row per source build instead of grouping every package row on each question
 * (a large major: 450,000 rows grouped for one lag). The packages keep the history.
 *
 * @example
 * await writeSourceBuilds(trx, repositoryId, snapshotId);
 */
export async function writeSourceBuilds(db: Kysely<unknown>, repositoryId: number, snapshotId: number): Promise<void> {
  await groupSourceBuilds(db, repositoryId, snapshotId);
  await packStoredSourceBuilds(db, repositoryId, snapshotId);
}

/** The rows of writeSourceBuilds, without the pack: migration 0010 runs before 0017 made its table. */
async function groupSourceBuilds(db: Kysely<unknown>, repositoryId: number, snapshotId: number): Promise<void> {
  await clearSourceBuilds(db, repositoryId);
  const src = sourceRpmOf();
  await sql`insert into source_builds (snapshot_id, repository_id, sourcerpm, epoch, file_time, first_seen)
    select ${snapshotId}, ${repositoryId}, ${src}, max(p.epoch), min(p.file_time), min(p.first_seen)
    from packages p
    where p.repository_id = ${repositoryId} and p.last_snapshot_id = ${snapshotId} and ${src} is not null
    group by ${src}`.execute(db);
}

/**
 * Removes the repository's source builds, before a snapshot's are stored while its rows come
 * (insertSourceBuilds) and finished at the end (finishSourceBuilds); all in the snapshot's
 * transaction.
 *
 * @example
 * await clearSourceBuilds(trx, repositoryId);
 */
export async function clearSourceBuilds(db: Kysely<unknown>, repositoryId: number): Promise<void> {
  await sql`delete from source_builds where repository_id = ${repositoryId}`.execute(db);
}

/**
 * Stores source builds folded from the snapshot's rows (SnapshotTally.newSourceBuilds) without
 * reading the rows back.
 *
 * @example
 * await insertSourceBuilds(trx, bulk, repositoryId, snapshotId, tally.newSourceBuilds());
 */
export async function insertSourceBuilds(
  db: Kysely<unknown>,
  bulk: BulkInsert,
  repositoryId: number,
  snapshotId: number,
  rows: readonly SourceBuildRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await bulk.insertIgnoringConflicts(
    db,
    "source_builds",
    ["snapshot_id", "repository_id", "sourcerpm", "epoch", "file_time", "first_seen"],
    rows.map((r) => [snapshotId, repositoryId, r.sourcerpm, r.epoch, r.fileTime, r.firstSeen]),
  );
}

/**
 * Finishes what writeSourceBuilds stores, from a tally whose first source builds were stored
 * while the rows came: the rest are inserted, the ones later rows changed are stored again, and
 * the snapshot's pack is made from the tally.
 *
 * @example
 * await finishSourceBuilds(trx, bulk, repositoryId, snapshotId, tally);
 */
export async function finishSourceBuilds(
  db: Kysely<unknown>,
  bulk: BulkInsert,
  repositoryId: number,
  snapshotId: number,
  tally: SnapshotTally,
): Promise<void> {
  await insertSourceBuilds(db, bulk, repositoryId, snapshotId, tally.newSourceBuilds());
  const changed = tally.changedSourceBuilds();
  for (let i = 0; i < changed.length; i += 500) {
    const rows = changed.slice(i, i + 500);
    await sql`delete from source_builds where snapshot_id = ${snapshotId}
      and sourcerpm in (${sql.join(rows.map((r) => r.sourcerpm))})`.execute(db);
    await insertSourceBuilds(db, bulk, repositoryId, snapshotId, rows);
  }
  const packer = new SourceBuildPacker();
  for (const rows of tally.sourceBuilds()) packer.add(rows);
  await storeSourceBuildPack(db, repositoryId, snapshotId, packer.pack());
}

/** Replaces the repository's pack (migration 0017) with this snapshot's; none when it cannot be packed. */
async function storeSourceBuildPack(
  db: Kysely<unknown>,
  repositoryId: number,
  snapshotId: number,
  pack: SourceBuildPack | null,
): Promise<void> {
  await sql`delete from source_build_packs where repository_id = ${repositoryId}`.execute(db);
  if (pack === null) return;
  await sql`insert into source_build_packs (snapshot_id, repository_id, row_count, body)
    values (${snapshotId}, ${repositoryId}, ${pack.rowCount}, ${pack.body})`.execute(db);
}

/** Packs the snapshot's stored source_builds rows, read a batch at a time in source RPM order. */
async function packStoredSourceBuilds(db: Kysely<unknown>, repositoryId: number, snapshotId: number): Promise<void> {
  const packer = new SourceBuildPacker();
  for (let after = ""; ;) {
    const rows = await sql<{ sourcerpm: string; epoch: number; file_time: number | null; first_seen: string }>`
      select sourcerpm, epoch, file_time, first_seen from source_builds
      where snapshot_id = ${snapshotId} and sourcerpm > ${after} order by sourcerpm limit 2048`.execute(db);
    packer.add(
      rows.rows.map((r) => ({
        sourcerpm: r.sourcerpm,
        epoch: Number(r.epoch),
        fileTime: r.file_time === null ? null : Number(r.file_time),
        firstSeen: r.first_seen,
      })),
    );
    const last = rows.rows.at(-1);
    if (last === undefined || rows.rows.length < 2048) break;
    after = last.sourcerpm;
  }
  await storeSourceBuildPack(db, repositoryId, snapshotId, packer.pack());
}

/**
 * Fills source_builds for the newest snapshot of every repository that has none there yet: the
 * migration's backfill (a snapshot written outside a sync later is grouped when read instead).
 *
 * @example
 * await backfillSourceBuilds(db);
 */
export async function backfillSourceBuilds(db: Kysely<unknown>): Promise<void> {
  for (const { repositoryId, snapshotId } of await newestSnapshots(db)) {
    const has = await sql`select 1 from source_builds where snapshot_id = ${snapshotId} limit 1`.execute(db);
    if (has.rows.length === 0) await groupSourceBuilds(db, repositoryId, snapshotId);
  }
}

/**
 * Packs the source builds of each repository's newest snapshot that has rows and no pack yet:
 * migration 0017's backfill.
 *
 * @example
 * await backfillSourceBuildPacks(db);
 */
export async function backfillSourceBuildPacks(db: Kysely<unknown>): Promise<void> {
  for (const { repositoryId, snapshotId } of await newestSnapshots(db)) {
    const has = await sql`select 1 from source_builds where snapshot_id = ${snapshotId} limit 1`.execute(db);
    const packed = await sql`select 1 from source_build_packs where snapshot_id = ${snapshotId}`.execute(db);
    if (has.rows.length > 0 && packed.rows.length === 0) await packStoredSourceBuilds(db, repositoryId, snapshotId);
  }
}
