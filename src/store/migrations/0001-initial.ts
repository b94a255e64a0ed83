import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/** The first schema: repositories, their snapshots, package presence intervals and kept metadata files. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("repositories")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("key", t.text, (c) => c.notNull().unique())
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("release", t.text, (c) => c.notNull())
    .addColumn("repo", t.text, (c) => c.notNull())
    .addColumn("arch", t.text, (c) => c.notNull())
    .addColumn("created_at", t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("snapshots")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("repository_id", "integer", (c) => c.notNull().references("repositories.id"))
    .addColumn("source_url", t.text, (c) => c.notNull())
    .addColumn("revision", t.text)
    .addColumn("repomd_checksum", t.text, (c) => c.notNull())
    .addColumn("etag", t.text)
    .addColumn("last_modified", t.text)
    .addColumn("fetched_at", t.text, (c) => c.notNull())
    .addColumn("checked_at", t.text, (c) => c.notNull())
    .addColumn("package_count", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("snapshots_repository").on("snapshots").columns(["repository_id", "id"]).execute();
  await db.schema
    .createTable("packages")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("repository_id", "integer", (c) => c.notNull().references("repositories.id"))
    .addColumn("name", t.text, (c) => c.notNull())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .addColumn("version", t.text, (c) => c.notNull())
    .addColumn("release", t.text, (c) => c.notNull())
    .addColumn("arch", t.text, (c) => c.notNull())
    .addColumn("checksum_type", t.text, (c) => c.notNull())
    .addColumn("checksum", t.text, (c) => c.notNull())
    .addColumn("summary", t.text, (c) => c.notNull())
    .addColumn("url", t.text)
    .addColumn("packager", t.text)
    .addColumn("license", t.text)
    .addColumn("vendor", t.text)
    .addColumn("rpm_group", t.text)
    .addColumn("buildhost", t.text)
    .addColumn("sourcerpm", t.text)
    .addColumn("location", t.text, (c) => c.notNull())
    .addColumn("file_time", "bigint")
    .addColumn("build_time", "bigint")
    .addColumn("package_size", "bigint")
    .addColumn("installed_size", "bigint")
    .addColumn("first_seen", t.text, (c) => c.notNull())
    .addColumn("last_seen", t.text, (c) => c.notNull())
    .addColumn("first_snapshot_id", "integer", (c) => c.notNull().references("snapshots.id"))
    .addColumn("last_snapshot_id", "integer", (c) => c.notNull().references("snapshots.id"))
    .addUniqueConstraint("packages_interval", [
      "repository_id",
      "name",
      "epoch",
      "version",
      "release",
      "arch",
      "first_snapshot_id",
    ])
    .execute();
  await db.schema
    .createIndex("packages_current")
    .on("packages")
    .columns(["repository_id", "last_snapshot_id", "name"])
    .execute();
  await db.schema
    .createTable("blobs")
    .addColumn("checksum", t.text, (c) => c.primaryKey())
    .addColumn("content", t.blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("metadata_files")
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("snapshots.id"))
    .addColumn("type", t.text, (c) => c.notNull())
    .addColumn("location", t.text, (c) => c.notNull())
    .addColumn("checksum_type", t.text, (c) => c.notNull())
    .addColumn("checksum", t.text, (c) => c.notNull())
    .addColumn("size", "bigint")
    .addColumn("blob_checksum", t.text, (c) => c.references("blobs.checksum"))
    .addPrimaryKeyConstraint("metadata_files_pk", ["snapshot_id", "type"])
    .execute();
}
