import type { Kysely } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * A popularity point's note: how its figure was read where the data file says (a milestone
 * announced on a date, a lower bound such as "over 1 million", a copy of another source's figure),
 * so the report can say it beside the point. Null for points whose file has no notes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("popularity").addColumn("note", columnTypes(db).text).execute();
}
