import { type Kysely, sql } from "kysely";
import type { PackageCounts } from "../model/package-counts.js";
import { sourceRpmOf } from "./source-rpm-of.js";

/**
 * The package counts of one snapshot, from its rows: binary packages per architecture, and
 * distinct source packages (the source RPMs binaries name, or source packages present themselves).
 *
 * @example
 * const counts = await countSnapshot(db, repositoryId, snapshotId);
 */
export async function countSnapshot(
  db: Kysely<unknown>,
  repositoryId: number,
  snapshotId: number,
  spanning = false,
): Promise<PackageCounts> {
  // `spanning`: the snapshot may be an older one (as of a time), so every presence interval that spans it.
  const where = spanning
    ? sql`p.repository_id = ${repositoryId} and p.first_snapshot_id <= ${snapshotId} and p.last_snapshot_id >= ${snapshotId}`
    : sql`p.repository_id = ${repositoryId} and p.last_snapshot_id = ${snapshotId}`;
  const arches = await sql<{ arch: string; n: number }>`select p.arch, count(*) as n from packages p
    where ${where} group by p.arch`.execute(db);
  const sources = await sql<{ n: number }>`select count(distinct ${sourceRpmOf()}) as n
    from packages p where ${where}`.execute(db);
  const counts: PackageCounts = { binary: 0, source: Number(sources.rows[0]?.n ?? 0), byArch: {} };
  for (const a of [...arches.rows].sort((x, y) => (x.arch < y.arch ? -1 : x.arch > y.arch ? 1 : 0))) {
    counts.byArch[a.arch] = Number(a.n);
    if (a.arch !== "src" && a.arch !== "nosrc") counts.binary += Number(a.n);
  }
  return counts;
}

/**
 * Counts snapshots and stores the counts in `snapshots.counts`. With `snapshotId`, only that
 * snapshot (a sync's new one); without, the newest snapshot of every repository that has no
 * counts yet (the migration's backfill).
 *
 * @example
 * await countSnapshots(trx, 42);
 */
export async function countSnapshots(db: Kysely<unknown>, snapshotId?: number): Promise<void> {
  const targets =
    snapshotId !== undefined
      ? [snapshotId]
      : (await sql<{ id: number }>`select max(id) as id from snapshots group by repository_id`.execute(db)).rows.map(
          (r) => Number(r.id),
        );
  for (const id of targets) {
    const snap = await sql<{
      repository_id: number;
      counts: string | null;
    }>`select repository_id, counts from snapshots where id = ${id}`.execute(db);
    const row = snap.rows[0];
    if (row === undefined || (snapshotId === undefined && row.counts !== null)) continue;
    const counts = await countSnapshot(db, Number(row.repository_id), id);
    await sql`update snapshots set counts = ${JSON.stringify(counts)} where id = ${id}`.execute(db);
  }
}
