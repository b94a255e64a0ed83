import type { Kysely } from "kysely";

/** Advisories with every timestamp they have, their references (CVEs, upstream ids) and fixed packages. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("advisories")
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("severity", "text")
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("issued", "text")
    .addColumn("updated", "text")
    .addColumn("first_seen_git", "text")
    .addColumn("first_seen_observer", "text", (c) => c.notNull())
    .addColumn("source_kind", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("advisories_pk", ["distro", "id"])
    .execute();
  await db.schema
    .createTable("advisory_refs")
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("ref", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("advisory_refs_pk", ["distro", "id", "ref"])
    .execute();
  await db.schema.createIndex("advisory_refs_ref").on("advisory_refs").columns(["ref"]).execute();
  await db.schema
    .createTable("advisory_packages")
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("evr", "text", (c) => c.notNull())
    .addColumn("major", "text")
    .addPrimaryKeyConstraint("advisory_packages_pk", ["distro", "id", "name", "evr"])
    .execute();
}
