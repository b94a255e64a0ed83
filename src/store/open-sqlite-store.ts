import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { type CompiledQuery, Kysely } from "#kysely";
import { ConfigError } from "../errors/config-error.js";
import type { Database } from "./database.js";
import { sqliteBulkInsert } from "./sqlite-bulk-insert.js";
import { LockingSqliteDialect } from "./sqlite-migration-lock.js";
import { portableDialect, type StoreDialect } from "./store-dialect.js";
import { Store } from "./store.js";

/**
 * Opens (creating if needed) the SQLite store at `path` and migrates it.
 * WAL keeps readers working during a sync; a sync's transaction is rolled
 * back by SQLite itself if the process dies, so the last good data stays.
 *
 * @example
 * const store = await openSqliteStore("/tmp/elscope.db");
 */
export async function openSqliteStore(path: string): Promise<Store> {
  let raw: BetterSqlite3.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    raw = new BetterSqlite3(path);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 10000");
    // A bounded page cache (8 MB): the store must stay small beside a 300 MB primary.xml.
    raw.pragma("cache_size = -8000");
  } catch (e) {
    throw new ConfigError("store", `cannot open the database: ${(e as Error).message}`, { file: path, cause: e });
  }
  const db = new Kysely<Database>({
    dialect: new LockingSqliteDialect({ database: raw }),
  });
  try {
    // The portable dialect's no-op lock and ids hold: the first statement of a sync's transaction
    // writes, so SQLite's one-writer lock is taken before the previous snapshot is read, and an
    // INTEGER PRIMARY KEY continues after the largest id by itself.
    const dialect: StoreDialect = {
      ...portableDialect,
      name: "sqlite",
      bulk: sqliteBulkInsert(raw),
      writeIfFree: (_db, writes) => Promise.resolve(writeIfFree(raw, writes)),
    };
    return await Store.open(db, dialect, { location: path });
  } catch (e) {
    await db.destroy();
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("store", `cannot prepare the database: ${(e as Error).message}`, { file: path, cause: e });
  }
}

/**
 * `writes` in one transaction, or none when another connection holds the write lock: SQLite is
 * asked not to wait (busy_timeout 0, https://www.sqlite.org/c3ref/busy_timeout.html) for these
 * statements only. Synchronous from the pragma to its reset, so no other query of this process
 * runs with the short timeout; skipped inside an open transaction, which these would join.
 */
function writeIfFree(raw: BetterSqlite3.Database, writes: readonly CompiledQuery[]): boolean {
  if (raw.inTransaction || raw.readonly) return false;
  const timeout = Number(raw.pragma("busy_timeout", { simple: true }));
  try {
    raw.pragma("busy_timeout = 0");
    raw
      .transaction(() => {
        for (const w of writes) raw.prepare(w.sql).run(...w.parameters);
      })
      .immediate();
    return true;
  } catch {
    return false;
  } finally {
    raw.pragma(`busy_timeout = ${timeout}`);
  }
}
