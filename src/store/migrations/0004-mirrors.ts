import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * Mirror lists as snapshots (each import, or each point of a list's git
 * history), the mirrors in each, metalink references, and probe runs with
 * one result per mirror, so that both the network and its health have history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("mirror_snapshots")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("source_kind", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    // What the list is as of: a commit's time, a series' date, else when it was fetched.
    .addColumn("observed_at", t.text, (c) => c.notNull())
    .addColumn("imported_at", t.text, (c) => c.notNull())
    .addColumn("checked_at", t.text, (c) => c.notNull())
    // "full": the mirrors are stored; "count": only their number (a time series).
    .addColumn("detail", t.text, (c) => c.notNull())
    .addColumn("content_hash", t.text)
    .addColumn("mirror_count", "integer", (c) => c.notNull())
    .addColumn("warnings", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("mirror_snapshots_source")
    .on("mirror_snapshots")
    .columns(["distro", "source_kind", "source", "observed_at"])
    .execute();
  await db.schema
    .createTable("mirror_entries")
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("mirror_snapshots.id"))
    .addColumn("name", t.text, (c) => c.notNull())
    .addColumn("scope", t.text, (c) => c.notNull())
    .addColumn("http", t.text)
    .addColumn("https", t.text)
    .addColumn("rsync", t.text)
    .addColumn("ftp", t.text)
    .addColumn("country", t.text)
    .addColumn("region", t.text)
    .addColumn("city", t.text)
    .addColumn("continent", t.text)
    .addColumn("sponsor", t.text)
    .addColumn("sponsor_url", t.text)
    .addColumn("private", "integer", (c) => c.notNull())
    .addColumn("update_frequency_hours", t.real)
    .addColumn("ipv6", "integer")
    .addColumn("asn", "integer")
    .addColumn("cloud", t.text)
    .addColumn("preference", "integer")
    .addPrimaryKeyConstraint("mirror_entries_pk", ["snapshot_id", "name"])
    .execute();
  await db.schema
    .createTable("mirror_references")
    .addColumn("snapshot_id", "integer", (c) => c.notNull().references("mirror_snapshots.id"))
    .addColumn("file", t.text, (c) => c.notNull())
    .addColumn("timestamp", "bigint")
    .addColumn("size", "bigint")
    .addColumn("hashes", t.text, (c) => c.notNull())
    .addColumn("alternates", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("mirror_references_pk", ["snapshot_id", "file"])
    .execute();
  await db.schema
    .createTable("probe_runs")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("target", t.text, (c) => c.notNull())
    .addColumn("started_at", t.text, (c) => c.notNull())
    .addColumn("finished_at", t.text, (c) => c.notNull())
    .addColumn("reference_url", t.text)
    .addColumn("reference_checksum", t.text)
    .addColumn("reference_time", "bigint")
    .addColumn("reference_source", t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("probe_runs_target").on("probe_runs").columns(["distro", "target", "id"]).execute();
  await db.schema
    .createTable("probe_results")
    .addColumn("run_id", "integer", (c) => c.notNull().references("probe_runs.id"))
    .addColumn("mirror", t.text, (c) => c.notNull())
    .addColumn("url", t.text, (c) => c.notNull())
    .addColumn("status", t.text, (c) => c.notNull())
    .addColumn("detail", t.text)
    .addColumn("http_status", "integer")
    .addColumn("latency_ms", "integer")
    .addColumn("checksum", t.text)
    .addColumn("repomd_time", "bigint")
    .addColumn("behind_hours", t.real)
    .addColumn("ipv6", "integer")
    .addPrimaryKeyConstraint("probe_results_pk", ["run_id", "mirror"])
    .execute();
}
