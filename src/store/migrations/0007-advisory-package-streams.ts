import { type Kysely, PostgresAdapter, sql } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * Advisory packages keep their architecture and the product stream they are filed under (Red Hat
 * CSAF: `BaseOS-9.4.0.Z.MAIN.EUS:kernel-0:5.14.0-427.16.1.el9_4.src`), so the key grows by both:
 * `kernel.src` and `kernel.x86_64` of one EVR, and one build in two repositories or streams, are
 * different rows. Unknown arch, repository and stream are stored as "" (key columns are NOT NULL in
 * PostgreSQL) and read as null.
 * Live sources read incrementally (CSAF's changes.csv) keep where the last run stopped in
 * `source_cursors`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // PostgreSQL names constraints per schema, not per table: free the name for the new table's key.
    await sql`alter table advisory_packages rename constraint advisory_packages_pk to advisory_packages_0003_pk`.execute(
      db,
    );
  }
  await db.schema
    .createTable("advisory_packages_0007")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("id", t.text, (c) => c.notNull())
    .addColumn("name", t.text, (c) => c.notNull())
    .addColumn("evr", t.text, (c) => c.notNull())
    .addColumn("major", t.text)
    .addColumn("arch", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("stream", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("repository", t.text, (c) => c.notNull().defaultTo(""))
    .addColumn("release", t.text)
    .addPrimaryKeyConstraint("advisory_packages_pk", ["distro", "id", "name", "evr", "arch", "repository", "stream"])
    .execute();
  await sql`insert into advisory_packages_0007 (distro, id, name, evr, major)
            select distro, id, name, evr, major from advisory_packages`.execute(db);
  await db.schema.dropTable("advisory_packages").execute();
  await db.schema.alterTable("advisory_packages_0007").renameTo("advisory_packages").execute();
  await db.schema
    .createTable("source_cursors")
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("location", t.text, (c) => c.notNull())
    .addColumn("cursor", t.text, (c) => c.notNull())
    .addColumn("updated_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("source_cursors_pk", ["source_kind", "distro", "location"])
    .execute();
}
