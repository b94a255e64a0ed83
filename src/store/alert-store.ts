import type { Kysely, Selectable } from "#kysely";
import type { AlertDelivery, AlertFiring, NewAlertFiring } from "../model/alert-firing.js";
import type { AlertFiringsTable, Database } from "./database.js";

function firingOf(r: Selectable<AlertFiringsTable>): AlertFiring {
  return {
    id: Number(r.id),
    rule: r.rule,
    kind: r.kind,
    subject: r.subject,
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    figure: Number(r.figure),
    unit: r.unit,
    measure: r.measure,
    threshold: Number(r.threshold),
    message: r.message,
    source: r.source,
    clock: r.clock,
    asOf: r.as_of,
  };
}

/** Which firings to list: open ones, resolved ones, or both. */
export type FiringState = "open" | "resolved" | "all";

/**
 * Watch rules' firings and their deliveries in the store. A watch run's new firings and
 * resolutions are written in one transaction, so a run that fails half-way writes none.
 *
 * @example
 * const alerts = new AlertStore(store.db);
 * await alerts.openFirings();
 */
export class AlertStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every open firing, by rule and subject. */
  async openFirings(): Promise<readonly AlertFiring[]> {
    const rows = await this.db
      .selectFrom("alert_firings")
      .selectAll()
      .where("resolved_at", "is", null)
      .orderBy("rule")
      .orderBy("subject")
      .execute();
    return rows.map(firingOf);
  }

  /**
   * Firings, newest first (by the time they fired or were resolved), at most `limit`.
   *
   * @example
   * await alerts.firings("all", 100);
   */
  async firings(state: FiringState, limit: number): Promise<readonly AlertFiring[]> {
    let q = this.db.selectFrom("alert_firings").selectAll();
    if (state === "open") q = q.where("resolved_at", "is", null);
    if (state === "resolved") q = q.where("resolved_at", "is not", null);
    const rows = await q
      .orderBy((eb) => eb.fn.coalesce("resolved_at", "fired_at"), "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map(firingOf);
  }

  /**
   * Writes new firings and resolves open ones at `now`, in one transaction; answers the new
   * firings as stored. A firing still open for the same rule and subject is not written again.
   */
  async record(
    fired: readonly NewAlertFiring[],
    resolvedIds: readonly number[],
    now: Date,
  ): Promise<{ readonly fired: readonly AlertFiring[]; readonly resolved: readonly AlertFiring[] }> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const resolved: AlertFiring[] = [];
      for (const id of resolvedIds) {
        const r = await trx
          .updateTable("alert_firings")
          .set({ resolved_at: at })
          .where("id", "=", id)
          .where("resolved_at", "is", null)
          .returningAll()
          .executeTakeFirst();
        if (r !== undefined) resolved.push(firingOf(r));
      }
      const out: AlertFiring[] = [];
      for (const f of fired) {
        const open = await trx
          .selectFrom("alert_firings")
          .select("id")
          .where("rule", "=", f.rule)
          .where("subject", "=", f.subject)
          .where("resolved_at", "is", null)
          .executeTakeFirst();
        if (open !== undefined) continue;
        const r = await trx
          .insertInto("alert_firings")
          .values({
            rule: f.rule,
            kind: f.kind,
            subject: f.subject,
            fired_at: at,
            resolved_at: null,
            figure: f.figure,
            unit: f.unit,
            measure: f.measure,
            threshold: f.threshold,
            message: f.message,
            source: f.source,
            clock: f.clock,
            as_of: f.asOf,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        out.push(firingOf(r));
      }
      return { fired: out, resolved };
    });
  }

  /** Records deliveries (one transaction). */
  async recordDeliveries(rows: readonly AlertDelivery[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto("alert_deliveries")
      .values(
        rows.map((d) => ({
          firing_id: d.firingId,
          target: d.target,
          status: d.status,
          attempts: d.attempts,
          error: d.error,
          at: now.toISOString(),
        })),
      )
      .execute();
  }

  /** The deliveries of some firings, in the order they were made. */
  async deliveries(firingIds: readonly number[]): Promise<readonly AlertDelivery[]> {
    if (firingIds.length === 0) return [];
    const rows = await this.db
      .selectFrom("alert_deliveries")
      .selectAll()
      .where("firing_id", "in", [...firingIds])
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      firingId: Number(r.firing_id),
      target: r.target,
      status: r.status === "delivered" ? "delivered" : "failed",
      attempts: Number(r.attempts),
      error: r.error,
    }));
  }
}
