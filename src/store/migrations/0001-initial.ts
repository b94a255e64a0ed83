import type { Kysely } from "kysely";
import { columnTypes } from "../column-types.js";

/** The first schema: repositories, their snapshots, package presence intervals and kept metadata files. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("repositories")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("distro", "text", (c) => c.notNull())
    .addColumn("release", "text", (c) => c.notNull())
    .addColumn("repo", "text", (c) => c.notNull())
    .addColumn("arch", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("snapshots")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("repository_id", "integer", (c) => c.notNull().references("repositories.id"))
    .addColumn("source_url", "text", (c) => c.notNull())
    .addColumn("revision", "text")
    .addColumn("repomd_checksum", "text", (c) => c.notNull())
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("fetched_at", "text", (c) => c.notNull())
    .addColumn("checked_at", "text", (c) => c.notNull())
    .addColumn("package_count", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("snapshots_repository").on("snapshots").columns(["repository_id", "id"]).execute();
  await db.schema
    .createTable("packages")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("repository_id", "integer", (c) => c.notNull().references("repositories.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("epoch", "integer", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("release", "text", (c) => c.notNull())
    .addColumn("arch", "text", (c) => c.notNull())
    .addColumn("checksum_type", "text", (c) => c.notNull())
    .addColumn("checksum", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("packager", "text")
    .addColumn("license", "text")
    .addColumn("vendor", "text")
    .addColumn("rpm_group", "text")
    .addColumn("buildhost", "text")
    .addColumn("sourcerpm", "text")
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("file_time", "bigint")
    .addColumn("build_time", "bigint")
    .addColumn("package_size", "bigint")
    .addColumn("installed_size", "bigint")
    .addColumn("first_seen", "text", (c) => c.notNull())
    .addColumn("last_seen", "text", (c) => c.notNull())
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
    .addColumn("checksum", "text", (c) => c.primaryKey())
    .addColumn("content", t.blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("metadata_files")
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("snapshots.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("checksum_type", "text", (c) => c.notNull())
    .addColumn("checksum", "text", (c) => c.notNull())
    .addColumn("size", "bigint")
    .addColumn("blob_checksum", "text", (c) => c.references("blobs.checksum"))
    .addPrimaryKeyConstraint("metadata_files_pk", ["snapshot_id", "type"])
    .execute();
}
