import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";
import { backfillSourceBuildPacks } from "../source-builds.js";

/**
 * Each newest snapshot's source builds also as one blob (src/store/source-build-pack.ts): a
 * whole major's lag reads 15 blobs instead of 450,000 rows. The rows stay, for one package's
 * key range. Filled here from the rows already stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("source_build_packs")
    .addColumn("snapshot_id", "integer", (c) => c.primaryKey().references("snapshots.id"))
    .addColumn("repository_id", "integer", (c) => c.notNull().references("repositories.id"))
    .addColumn("row_count", "integer", (c) => c.notNull())
    .addColumn("body", columnTypes(db).blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("source_build_packs_repository")
    .on("source_build_packs")
    .column("repository_id")
    .execute();
  await backfillSourceBuildPacks(db);
}
