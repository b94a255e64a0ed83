import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * Image listings as dated imports (each import of a source is an observation,
 * the newest one is current) and popularity figures as time series.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("image_imports")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    .addColumn("observed_at", t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("image_entries")
    .addColumn("import_id", "integer", (c) => c.notNull().references("image_imports.id"))
    .addColumn("channel", t.text, (c) => c.notNull())
    .addColumn("name", t.text, (c) => c.notNull())
    .addColumn("type", t.text, (c) => c.notNull())
    .addColumn("release", t.text)
    .addColumn("arch", t.text)
    .addColumn("location", t.text)
    .addColumn("publisher", t.text)
    .addColumn("published", t.text)
    .addColumn("size", "bigint")
    .execute();
  await db.schema.createIndex("image_entries_import").on("image_entries").columns(["import_id"]).execute();
  await db.schema
    .createTable("popularity")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("metric", t.text, (c) => c.notNull())
    .addColumn("subject", t.text, (c) => c.notNull())
    .addColumn("date", t.text, (c) => c.notNull())
    .addColumn("value", t.real, (c) => c.notNull())
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    .addColumn("imported_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("popularity_pk", ["distro", "metric", "subject", "date", "source_kind", "source"])
    .execute();
}
