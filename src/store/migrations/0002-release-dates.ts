import type { Kysely } from "kysely";

/** Release dates as each source states them; one import of a source replaces that source's rows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("release_dates")
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("release", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("date", "text", (c) => c.notNull())
    .addColumn("source_kind", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("imported_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("release_dates_pk", ["distro", "release", "stage", "source_kind"])
    .execute();
}
