import { type Kysely, sql } from "#kysely";
import { columnTypes } from "../column-types.js";

/**
 * What `elscope watch` found: one row per firing of a rule for a subject, open until the
 * condition ends (resolved_at), so each firing is written once and its history kept; and each
 * attempt to deliver a firing (webhook, mbox) with its outcome.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable("alert_firings")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("rule", t.text, (c) => c.notNull())
    .addColumn("kind", t.text, (c) => c.notNull())
    .addColumn("subject", t.text, (c) => c.notNull())
    .addColumn("fired_at", t.text, (c) => c.notNull())
    .addColumn("resolved_at", t.text)
    .addColumn("figure", t.real, (c) => c.notNull())
    .addColumn("unit", t.text, (c) => c.notNull())
    .addColumn("measure", t.text, (c) => c.notNull())
    .addColumn("threshold", t.real, (c) => c.notNull())
    .addColumn("message", t.text, (c) => c.notNull())
    .addColumn("source", t.text, (c) => c.notNull())
    .addColumn("clock", t.text, (c) => c.notNull())
    .addColumn("as_of", t.text)
    .execute();
  // At most one open firing per rule and subject, whatever writes it (two watch runs at once).
  await db.schema
    .createIndex("alert_firings_open")
    .on("alert_firings")
    .columns(["rule", "subject"])
    .unique()
    .where(sql.ref("resolved_at"), "is", null)
    .execute();
  await db.schema.createIndex("alert_firings_fired").on("alert_firings").column("fired_at").execute();
  await db.schema
    .createTable("alert_deliveries")
    .addColumn("id", t.id, t.idConstraints)
    .addColumn("firing_id", "integer", (c) => c.notNull())
    .addColumn("target", t.text, (c) => c.notNull())
    .addColumn("status", t.text, (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("error", t.text)
    .addColumn("at", t.text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alert_deliveries_firing").on("alert_deliveries").column("firing_id").execute();
}
