import { type Kysely, sql } from "#kysely";
import type { PackageCounts } from "../model/package-counts.js";
import { newestSnapshots } from "./newest-snapshots.js";
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
  return packageCountsOf(
    arches.rows.map((a) => [a.arch, Number(a.n)]),
    Number(sources.rows[0]?.n ?? 0),
  );
}

/**
 * The counts of a snapshot from its rows per architecture and its distinct source RPMs: binary
 * packages are every architecture but `src` and `nosrc`; `byArch` in architecture order, so the
 * stored JSON is the same however the counts were made.
 *
 * @example
 * packageCountsOf([["x86_64", 2], ["src", 1]], 1) // { binary: 2, source: 1, byArch: { src: 1, x86_64: 2 } }
 */
export function packageCountsOf(byArch: Iterable<readonly [string, number]>, sources: number): PackageCounts {
  const counts: PackageCounts = { binary: 0, source: sources, byArch: {} };
  for (const [arch, n] of [...byArch].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    counts.byArch[arch] = n;
    if (arch !== "src" && arch !== "nosrc") counts.binary += n;
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
  const targets = snapshotId !== undefined ? [snapshotId] : (await newestSnapshots(db)).map((n) => n.snapshotId);
  for (const id of targets) {
    const snap = await sql<{
      repository_id: number;
      counts: string | null;
    }>`select repository_id, counts from snapshots where id = ${id}`.execute(db);
    const row = snap.rows[0];
    if (row === undefined || (snapshotId === undefined && row.counts !== null)) continue;
    await storeSnapshotCounts(db, id, await countSnapshot(db, Number(row.repository_id), id));
  }
}

/**
 * Stores a snapshot's counts in `snapshots.counts`.
 *
 * @example
 * await storeSnapshotCounts(trx, 42, tally.counts());
 */
export async function storeSnapshotCounts(
  db: Kysely<unknown>,
  snapshotId: number,
  counts: PackageCounts,
): Promise<void> {
  await sql`update snapshots set counts = ${JSON.stringify(counts)} where id = ${snapshotId}`.execute(db);
}
