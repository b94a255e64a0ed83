import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * Answers kept in the store, so the summaries the dashboard, the badges and the report show are
 * computed when data changes, not on the first request after it (a release's lag takes seconds at
 * 450,000 rows). Each answer names the distributions it reads (`scope`) and the state of their data
 * it was computed from (`fingerprint`); `answer_refreshes` says which distributions a running
 * command will refresh once its writes commit, so readers may keep serving the previous answer
 * meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("stored_answers")
    .addColumn("key", t.text, (c) => c.primaryKey())
    .addColumn("scope", t.text, (c) => c.notNull())
    .addColumn("fingerprint", t.text, (c) => c.notNull())
    .addColumn("computed_at", t.text, (c) => c.notNull())
    .addColumn("type", t.text, (c) => c.notNull())
    .addColumn("body", t.text, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("answer_refreshes")
    .addColumn("distro", t.text, (c) => c.notNull())
    .addColumn("owner", t.text, (c) => c.notNull())
    .addColumn("started_at", t.text, (c) => c.notNull())
    .addPrimaryKeyConstraint("answer_refreshes_pk", ["distro", "owner"])
    .execute();
}
