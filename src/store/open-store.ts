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
export async function openStore(text: string): Promise<Store> {
  const location = storeLocation(text);
  // Loaded on use: every command would otherwise load pg and its dependencies to open a SQLite file.
  if (location.kind === "postgres") return (await import("./open-postgres-store.js")).openPostgresStore(location.url);
  return (await import("./open-sqlite-store.js")).openSqliteStore(location.path);
}
