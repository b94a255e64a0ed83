import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/** Release dates as each source states them; one import of a source replaces that source's rows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("release_dates")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("release", t.text, (c) => c.notNull())
    .addColumn("stage", t.text, (c) => c.notNull())
    .addColumn("date", t.text, (c) => c.notNull())
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    .addColumn("imported_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("release_dates_pk", ["distro", "release", "stage", "source_kind"])
    .execute();
}
