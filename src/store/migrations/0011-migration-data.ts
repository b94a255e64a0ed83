import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * What migration checks read beside the synced repositories: leapp's repository maps, package
 * evolution events and device driver deprecation data, per distribution and source kind. An import
 * replaces the records of its distribution and kind; each record is kept as its JSON (sorted keys),
 * with the file it came from and when it was read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("migration_data")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    .addColumn("imported_at", t.text, (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("record", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("migration_data_pk", ["distro", "source_kind", "seq"])
    .execute();
}
