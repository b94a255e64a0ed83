import { type Kysely, sql } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * Each advisory's clocks kept apart: the rebuild's own publication time and the
 * field it comes from (errata lag), and the feed commit that first carried it
 * with how many advisory files that commit added (feed lag; a backfill adds
 * hundreds). Apollo's and errata.json's own times are already in the rows;
 * OSV's first-version times need a re-import (`elscope import osv`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [name, type] of [
    ["own_published", t.text],
    ["own_published_from", t.text],
    ["feed_commit", t.text],
    ["feed_commit_files", "integer"],
  ] as const) {
    await db.schema.alterTable("advisories").addColumn(name, type).execute();
  }
  await sql`update advisories set own_published = issued, own_published_from = 'Apollo publishedAt'
    where source_kind = 'rocky-apollo' and issued is not null`.execute(db);
  await sql`update advisories set own_published = updated, own_published_from = 'errata.json updated_date'
    where source_kind = 'almalinux-errata' and updated is not null`.execute(db);
}
