import { type Kysely, sql } from "#kysely";

/** A repository and the id of its newest snapshot. */
export interface NewestSnapshot {
  readonly repositoryId: number;
  readonly snapshotId: number;
}

/**
 * The newest snapshot of every repository in the store: what the migrations' backfills fill in
 * for (counts, source builds, packs, provenance summaries).
 *
 * @example
 * for (const { repositoryId, snapshotId } of await newestSnapshots(db)) await writeProvenanceSummary(db, repositoryId, snapshotId);
 */
export async function newestSnapshots(db: Kysely<unknown>): Promise<NewestSnapshot[]> {
  const rows = await sql<{ repository_id: number; id: number }>`select repository_id, max(id) as id
    from snapshots group by repository_id`.execute(db);
  return rows.rows.map((r) => ({ repositoryId: Number(r.repository_id), snapshotId: Number(r.id) }));
}
