import { ConfigError } from "../errors/config-error.js";
import { storeLocation } from "../store/store-location.js";

/**
 * The PostgreSQL URL of the store `db` names. The job queue lives in the store's database
 * (pg-boss needs PostgreSQL), so `who` (workers, the scheduler, the job list) refuses a SQLite
 * store with one line: a ConfigError, exit code 3.
 *
 * @example
 * requirePostgresStore("/tmp/elscope.db", "workers") // throws "workers need a PostgreSQL store (--db postgres://…)"
 */
export function requirePostgresStore(db: string, who: string): string {
  const location = storeLocation(db);
  if (location.kind !== "postgres") throw new ConfigError("", `${who} need a PostgreSQL store (--db postgres://…)`);
  return location.url;
}
