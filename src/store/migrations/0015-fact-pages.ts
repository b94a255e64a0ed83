import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * What `elscope facts --check --fetch` read of each page a fact cites: the hash of the page's text
 * when it was first read after the facts citing it were last checked (the baseline), and the hash of the
 * newest read. A page whose newest hash differs from its baseline changed since the check.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("fact_pages")
    .addColumn("url", t.text, (c) => c.primaryKey())
    .addColumn("baseline_hash", t.text, (c) => c.notNull())
    .addColumn("baseline_read_at", t.text, (c) => c.notNull())
    // The newest check date of the facts citing the page when the baseline was read (null: none checked).
    .addColumn("baseline_checked", t.text)
    .addColumn("latest_hash", t.text, (c) => c.notNull())
    .addColumn("latest_read_at", t.text, (c) => c.notNull())
    .execute();
}
