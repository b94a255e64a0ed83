import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";
import { backfillProvenanceSummaries } from "../provenance-summary.js";

/**
 * Each repository's build provenance, grouped when a sync writes its newest snapshot
 * (src/store/provenance-summary.ts): the report no longer groups every package row of a
 * distribution. Filled here for the repositories already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("provenance_summaries")
    .addColumn("repository_id", "integer", (c) => c.primaryKey().references("repositories.id"))
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("snapshots.id"))
    .addColumn("intervals", t.text, (c) => c.notNull())
    .addColumn("builds", t.text, (c) => c.notNull())
    .execute();
  await backfillProvenanceSummaries(db);
}
