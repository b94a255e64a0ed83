import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/** Advisories with every timestamp they have, their references (CVEs, upstream ids) and fixed packages. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("advisories")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("id", t.text, (c) => c.notNull())
    .addColumn("type", t.text, (c) => c.notNull())
    .addColumn("severity", t.text)
    .addColumn("summary", t.text, (c) => c.notNull())
    .addColumn("issued", t.text)
    .addColumn("updated", t.text)
    .addColumn("first_seen_git", t.text)
    .addColumn("first_seen_observer", t.text, (c) => c.notNull())
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("advisories_pk", ["distro", "id"])
    .execute();
  await db.schema
    .createTable("advisory_refs")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("id", t.text, (c) => c.notNull())
    .addColumn("ref", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("advisory_refs_pk", ["distro", "id", "ref"])
    .execute();
  await db.schema.createIndex("advisory_refs_ref").on("advisory_refs").columns(["ref"]).execute();
  await db.schema
    .createTable("advisory_packages")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("id", t.text, (c) => c.notNull())
    .addColumn("name", t.text, (c) => c.notNull())
    .addColumn("evr", t.text, (c) => c.notNull())
    .addColumn("major", t.text)
    .addPrimaryKeyConstraint("advisory_packages_pk", ["distro", "id", "name", "evr"])
    .execute();
}
