import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * A distribution's source builds folded over the repositories of some releases
 * (src/store/build-fold-pack.ts), kept by the first analysis that folds them and read by the next
 * while the snapshots they were folded from are still the newest (`fingerprint`). Nothing to fill:
 * a missing fold is folded when asked for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("build_folds")
    .addColumn("key", t.text, (c) => c.primaryKey())
    .addColumn("fingerprint", t.text, (c) => c.notNull())
    .addColumn("build_count", "integer", (c) => c.notNull())
    .addColumn("computed_at", t.text, (c) => c.notNull())
    .addColumn("body", t.blob, (c) => c.notNull())
    .execute();
}
