import { Kysely, PostgresDialect, sql } from "#kysely";
import pg from "pg";
import Cursor from "pg-cursor";
import { ConfigError } from "../errors/config-error.js";
import type { Database } from "./database.js";
import { postgresBulkInsert } from "./postgres-bulk-insert.js";
import { Store } from "./store.js";
import { portableDialect, type StoreDialect } from "./store-dialect.js";
import { displayLocation } from "./store-location.js";

// Type OIDs from pg_type: int8 (bigserial ids, count(*), bigint times) and numeric (sum, avg).
// pg returns both as strings, since they may exceed 2^53; elscope's ids, counts and Unix
// times do not, and SQLite returns numbers, so both stores give callers the same values.
const INT8 = 20;
const NUMERIC = 1700;
// The first key of pg_advisory_xact_lock(int, int) for repository locks: "elsc" as a 32-bit int,
// so elscope's locks do not collide with another application's on the same database.
const REPOSITORY_LOCK = 0x656c7363;

/** Bulk loading by unnest, and a transaction-scoped advisory lock per repository. */
function postgresDialect(): StoreDialect {
  return {
    ...portableDialect,
    name: "postgres",
    bulk: postgresBulkInsert(),
    // https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
    lockRepository: async (trx, repositoryId) => {
      await sql`select pg_advisory_xact_lock(${REPOSITORY_LOCK}, ${repositoryId}::int)`.execute(trx);
    },
    // A bigserial's sequence does not see ids inserted explicitly (https://www.postgresql.org/docs/15/functions-sequence.html).
    continueIds: async (trx, table) => {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(
        trx,
      );
    },
  };
}

/** A pg pool whose int8 and numeric values arrive as JavaScript numbers. */
export function postgresPool(url: string, max = 10): pg.Pool {
  const toNumber = (v: string): number => Number(v);
  const getTypeParser = ((oid: number, format?: "text" | "binary"): unknown =>
    oid === INT8 || oid === NUMERIC
      ? toNumber
      : (pg.types.getTypeParser(oid, format ?? "text") as unknown)) as typeof pg.types.getTypeParser;
  return new pg.Pool({ connectionString: url, max, types: { getTypeParser } });
}

/**
 * Opens the PostgreSQL store at `url` and migrates it. The connection is
 * checked first, so a wrong address or password is one line, not a stack.
 * Each sync writes in one transaction, as with SQLite: PostgreSQL rolls it
 * back if the process dies.
 *
 * @example
 * const store = await openPostgresStore("postgres://elscope@127.0.0.1/elscope");
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const where = displayLocation({ kind: "postgres", url });
  const pool = postgresPool(url, Number(process.env["ELSCOPE_PG_POOL"] ?? "") || 10);
  // An idle client's error (the server restarting) must not end the process; the next query reports it.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new ConfigError("store", `cannot connect to PostgreSQL at ${where}: ${connectProblem(e)}`, { cause: e });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  try {
    return await Store.open(db, postgresDialect(), { location: where });
  } catch (e) {
    await db.destroy();
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("store", `cannot prepare the database ${where}: ${(e as Error).message}`, { cause: e });
  }
}

function connectProblem(e: unknown): string {
  const err = e as { message?: string; code?: string };
  const message = err.message !== undefined && err.message !== "" ? err.message : String(err.code ?? e);
  return err.code === "3D000" ? `${message} (create it first: createdb -O <user> <name>)` : message;
}
