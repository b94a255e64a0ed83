import type { ElscopeError } from "./elscope-error.js";

/** Exit codes by error class, so scripts can tell a bad network from bad data from a bad command line. */
export const EXIT_CODES: Readonly<
  Record<ElscopeError["kind"] | "ok" | "internal" | "interrupted" | "findings" | "alerts", number>
> = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  source: 4,
  parse: 5,
  "no-data": 6,
  // Not an error: a check ran and found something to act on (`facts --check`: a stale fact, a changed page).
  findings: 7,
  /** `elscope watch`: a rule fired anew (for cron and CI). */
  alerts: 10,
  interrupted: 130,
};
