import { openPostgresStore } from "./open-postgres-store.js";
import { openSqliteStore } from "./open-sqlite-store.js";
import type { Store } from "./store.js";
import { storeLocation } from "./store-location.js";

/**
 * Opens the store a `--db` value names: PostgreSQL for a `postgres://` URL,
 * otherwise the SQLite file at that path. Both run the same migrations and
 * answer the same queries.
 *
 * @example
 * const store = await openStore(process.env.ELSCOPE_DB ?? "/tmp/elscope.db");
 */
export function openStore(text: string): Promise<Store> {
  const location = storeLocation(text);
  return location.kind === "postgres" ? openPostgresStore(location.url) : openSqliteStore(location.path);
}
