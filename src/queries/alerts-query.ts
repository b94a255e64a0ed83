import { newest } from "../analyze/newest.js";
import type { AlertFiring } from "../model/alert-firing.js";
import { AlertStore, type FiringState } from "../store/alert-store.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** How many firings an alert listing gives at most when not told. */
export const ALERTS_LIMIT = 100;

/** The firings of watch rules, newest first: what `/api/alerts`, its Atom feed and the dashboard show. */
export interface AlertsAnswer extends Measured {
  readonly state: FiringState;
  readonly open: number;
  readonly rows: readonly AlertFiring[];
}

/**
 * The store's watch firings in one state (open, resolved, or all: open and recent), newest
 * first, at most `limit`; `asOf.watch` is the newest time a firing fired or resolved.
 *
 * @example
 * const { rows } = await alertsQuery(ctx, { state: "open" });
 */
export async function alertsQuery(
  ctx: QueryContext,
  params: { readonly state?: FiringState; readonly limit?: number } = {},
): Promise<AlertsAnswer> {
  const alerts = new AlertStore(ctx.store.db);
  const state = params.state ?? "all";
  const rows = await alerts.firings(state, params.limit ?? ALERTS_LIMIT);
  return {
    state,
    open: (await alerts.openFirings()).length,
    rows,
    asOf: { watch: newest(rows.map((r) => r.resolvedAt ?? r.firedAt)) },
    sources: ["alert_firings (elscope watch runs)"],
  };
}
