import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * What `elscope provenance --signatures` read of a sample of packages: the signing key and
 * algorithms of each package's signature header (read by an HTTP range request), one row per
 * repository and package file, replaced when the package is read again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("package_signatures")
    .addColumn("repository", t.text, (c) => c.notNull())
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("release", t.text, (c) => c.notNull())
    .addColumn("location", t.text, (c) => c.notNull())
    .addColumn("nevra", t.text, (c) => c.notNull())
    .addColumn("checked_at", t.text, (c) => c.notNull())
    .addColumn("status", t.text, (c) => c.notNull())
    .addColumn("sig_tag", t.text)
    .addColumn("key_id", t.text)
    .addColumn("fingerprint", t.text)
    .addColumn("algorithm", t.text)
    .addColumn("hash", t.text)
    .addColumn("bytes_read", "integer")
    .addColumn("problem", t.text)
    .addPrimaryKeyConstraint("package_signatures_pk", ["repository", "location"])
    .execute();
  await db.schema.createIndex("package_signatures_distro").on("package_signatures").column("distro").execute();
}
