import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";
import { backfillSourceBuilds } from "../source-builds.js";

/**
 * The source builds of each repository's newest snapshot, written with the snapshot
 * (src/store/source-builds.ts): the analyses no longer group every package row of a major on
 * each question. Filled here for the snapshots already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("source_builds")
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("snapshots.id"))
    .addColumn("repository_id", "integer", (c) => c.notNull().references("repositories.id"))
    .addColumn("sourcerpm", t.text, (c) => c.notNull())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .addColumn("file_time", "bigint")
    .addColumn("first_seen", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("source_builds_pk", ["snapshot_id", "sourcerpm"])
    .execute();
  await db.schema.createIndex("source_builds_repository").on("source_builds").column("repository_id").execute();
  await backfillSourceBuilds(db);
}
