import { appendFile } from "node:fs/promises";
import type { NotifyEntry, WatchRules } from "../catalog/watch-schema.js";
import { postJson } from "../fetch/post-json.js";
import { type MboxMessage, renderMbox } from "../format/render-mbox.js";
import type { AlertDelivery, AlertFiring } from "../model/alert-firing.js";
import { AlertStore } from "../store/alert-store.js";
import type { QueryContext } from "./query-context.js";
import { type WatchAnswer, watchQuery } from "./watch-query.js";

/** The JSON a webhook receives: the run's new and resolved firings, each with figure, source, clock and as-of. */
export interface WatchPayload {
  readonly generator: "elscope";
  readonly at: string;
  readonly fired: readonly AlertFiring[];
  readonly resolved: readonly AlertFiring[];
}

/** One notify entry's outcome in a run. */
export interface NotifyOutcome {
  readonly kind: NotifyEntry["kind"];
  readonly target: string;
  readonly status: "delivered" | "failed";
  readonly attempts: number;
  readonly error: string | null;
}

function message(f: AlertFiring, state: "FIRING" | "RESOLVED", at: Date): MboxMessage {
  return {
    from: "elscope",
    to: "",
    subject: `[elscope] ${state} ${f.rule}: ${f.subject}`,
    date: at,
    messageId: `alert-${f.id}-${state.toLowerCase()}-${at.getTime()}@elscope`,
    body: [
      f.message,
      "",
      `rule: ${f.rule} (${f.kind})`,
      `subject: ${f.subject}`,
      `figure: ${f.figure} ${f.unit} (${f.measure}; threshold ${f.threshold})`,
      `source: ${f.source}`,
      `clock: ${f.clock}`,
      `as of: ${f.asOf ?? "unknown"}`,
      `fired: ${f.firedAt}`,
      ...(f.resolvedAt === null ? [] : [`resolved: ${f.resolvedAt}`]),
    ].join("\n"),
  };
}

async function deliver(entry: NotifyEntry, payload: WatchPayload, at: Date): Promise<NotifyOutcome> {
  if (entry.kind === "webhook") {
    const r = await postJson(entry.url, payload, { timeoutMs: entry.timeoutSeconds * 1000, retries: entry.retries });
    return r.kind === "delivered"
      ? { kind: "webhook", target: entry.url, status: "delivered", attempts: r.attempts, error: null }
      : { kind: "webhook", target: entry.url, status: "failed", attempts: r.attempts, error: r.problem };
  }
  const messages = [
    ...payload.fired.map((f) => message(f, "FIRING", at)),
    ...payload.resolved.map((f) => message(f, "RESOLVED", at)),
  ].map((m) => ({ ...m, to: entry.to }));
  try {
    await appendFile(entry.path, renderMbox(messages), { mode: 0o600 });
    return { kind: "mbox", target: entry.path, status: "delivered", attempts: 1, error: null };
  } catch (e) {
    return { kind: "mbox", target: entry.path, status: "failed", attempts: 1, error: (e as Error).message };
  }
}

/**
 * Sends a watch run's new and resolved firings to every notify entry (webhooks at once, each
 * with its own timeout and retries; mbox files appended), records each delivery per firing in
 * the store, and answers the outcomes. Never throws for a delivery: a receiver that fails or
 * never answers is an outcome, so the run's firings stand.
 *
 * @example
 * const outcomes = await notifyWatch(ctx, answer, rules.notify);
 */
export async function notifyWatch(
  ctx: QueryContext,
  answer: Pick<WatchAnswer, "fired" | "resolved">,
  notify: readonly NotifyEntry[],
): Promise<readonly NotifyOutcome[]> {
  if (notify.length === 0 || (answer.fired.length === 0 && answer.resolved.length === 0)) return [];
  const at = ctx.now;
  const payload: WatchPayload = {
    generator: "elscope",
    at: at.toISOString(),
    fired: answer.fired,
    resolved: answer.resolved,
  };
  const outcomes = await Promise.all(notify.map((n) => deliver(n, payload, at)));
  const rows: AlertDelivery[] = outcomes.flatMap((o) =>
    [...answer.fired, ...answer.resolved].map((f) => ({
      firingId: f.id,
      target: o.target,
      status: o.status,
      attempts: o.attempts,
      error: o.error,
    })),
  );
  await new AlertStore(ctx.store.db).recordDeliveries(rows, new Date());
  return outcomes;
}

/** A watch run and its deliveries: what `elscope watch` and a worker after each job answer. */
export interface WatchRun extends WatchAnswer {
  readonly deliveries: readonly NotifyOutcome[];
}

/**
 * Evaluates the rules (watchQuery), then sends the run's changes to the notify entries.
 *
 * @example
 * const run = await watchAndNotify(queryContext(store, catalog), loadWatchRules(file, catalog));
 * process.exitCode = run.fired.length > 0 ? EXIT_CODES.alerts : 0;
 */
export async function watchAndNotify(ctx: QueryContext, watch: WatchRules): Promise<WatchRun> {
  const answer = await watchQuery(ctx, watch);
  return { ...answer, deliveries: await notifyWatch(ctx, answer, watch.notify) };
}
