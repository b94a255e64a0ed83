import { type Kysely, sql } from "kysely";

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
  await db.schema
    .createTable("advisory_packages_0007")
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("evr", "text", (c) => c.notNull())
    .addColumn("major", "text")
    .addColumn("arch", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("stream", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("repository", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("release", "text")
    .addPrimaryKeyConstraint("advisory_packages_pk", ["distro", "id", "name", "evr", "arch", "repository", "stream"])
    .execute();
  await sql`insert into advisory_packages_0007 (distro, id, name, evr, major)
            select distro, id, name, evr, major from advisory_packages`.execute(db);
  await db.schema.dropTable("advisory_packages").execute();
  await db.schema.alterTable("advisory_packages_0007").renameTo("advisory_packages").execute();
  await db.schema
    .createTable("source_cursors")
    .addColumn("source_kind", "text", (c) => c.notNull())
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("cursor", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("source_cursors_pk", ["source_kind", "distro", "location"])
    .execute();
}
