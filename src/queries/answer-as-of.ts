import { NoDataError } from "../errors/no-data-error.js";
import type { QueryContext } from "./query-context.js";

/** What an answer read as of a time says of it, beside its per-distribution `asOf`. */
export interface RequestedAsOf {
  /** The `--as-of` / `?asOf=` time the history was read as of (ISO 8601 UTC); absent for the newest state. */
  readonly requestedAsOf?: string;
}

/**
 * `answer` with the as-of time its context read the history as of (`requestedAsOf`), unchanged
 * without one, so outputs say which as-of they used and newest-state answers stay as they were.
 *
 * @example
 * return answerAsOf(ctx, { rows, asOf, sources }); // { ..., requestedAsOf: "2025-06-30T23:59:59.999Z" }
 */
export function answerAsOf<T extends object>(ctx: QueryContext, answer: T): T & RequestedAsOf {
  return ctx.asOf === undefined ? answer : { ...answer, requestedAsOf: ctx.asOf.toISOString() };
}

/**
 * When a context reads as of a time and `empty` holds, the NoDataError that says so: an as-of
 * before any data of `what` is no data, not an empty answer. Null otherwise.
 *
 * @example
 * const none = noDataAsOf(ctx, rows.length === 0, "repositories"); if (none !== null) throw none;
 */
export function noDataAsOf(ctx: QueryContext, empty: boolean, what: string): NoDataError | null {
  if (ctx.asOf === undefined || !empty) return null;
  return new NoDataError(
    "store",
    `no data as of ${ctx.asOf.toISOString()} (--as-of): the store had no ${what} by then`,
  );
}
