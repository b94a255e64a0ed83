import { type Kysely, sql } from "#kysely";
import { ConfigError } from "../errors/config-error.js";
import type { BulkRow } from "./bulk-insert.js";
import type { Database } from "./database.js";
import type { Store } from "./store.js";

/**
 * Every table of the store in an order where each row's references come
 * before it (repositories before snapshots before packages, ...). A table the
 * schema has and this list lacks stops the copy, so nothing is left behind.
 */
export const STORE_TABLES = [
  "repositories",
  "snapshots",
  "blobs",
  "metadata_files",
  "packages",
  "source_builds",
  "source_build_packs",
  "build_folds",
  "provenance_summaries",
  "package_signatures",
  "release_dates",
  "advisories",
  "advisory_refs",
  "advisory_packages",
  "mirror_snapshots",
  "mirror_entries",
  "mirror_references",
  "probe_runs",
  "probe_results",
  "image_imports",
  "image_entries",
  "popularity",
  "source_cursors",
  "stored_answers",
  "answer_refreshes",
  "migration_data",
  "fact_pages",
  "alert_firings",
  "alert_deliveries",
] as const satisfies readonly (keyof Database)[];

// Tables whose `id` the store generates: the target's sequence must continue after the copied ids.
const ID_TABLES: ReadonlySet<string> = new Set([
  "repositories",
  "snapshots",
  "packages",
  "mirror_snapshots",
  "probe_runs",
  "image_imports",
  "alert_firings",
  "alert_deliveries",
]);

const CHUNK = 2000;

type Cell = string | number | Uint8Array | null;

/** One table's rows in the source and in the target after the copy. */
export interface CopiedTable {
  readonly table: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Copies every row of `from` into the empty store `to`, in one transaction of
 * the target (a failed copy leaves it empty), then counts each table on both
 * sides. Rows stream in chunks, so a store of millions of packages is never
 * held whole. Works between any two dialects.
 *
 * @example
 * const tables = await copyStore(sqliteStore, postgresStore);
 */
export async function copyStore(from: Store, to: Store): Promise<readonly CopiedTable[]> {
  const known = new Set<string>(STORE_TABLES);
  // Kysely's introspection leaves out its own migration tables: the target has them already.
  const tables = await from.db.introspection.getTables();
  const unknown = tables
    .map((t) => t.name)
    .filter((n) => !known.has(n))
    .sort();
  if (unknown.length > 0)
    throw new ConfigError("store", `${from.location} has tables this elscope cannot copy: ${unknown.join(", ")}`);
  for (const table of STORE_TABLES) {
    if ((await countRows(to.db, table)) > 0)
      throw new ConfigError("store", `${to.location} is not empty (${table} has rows): copy into a new store`);
  }
  return to.db.transaction().execute(async (trx) => {
    const out: CopiedTable[] = [];
    for (const table of STORE_TABLES) {
      const columns = tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
      let rows: BulkRow[] = [];
      const flush = async (): Promise<void> => {
        if (rows.length === 0) return;
        await to.dialect.bulk.insertIgnoringConflicts(trx as unknown as Kysely<unknown>, table, columns, rows);
        rows = [];
      };
      if (columns.length > 0) {
        for await (const r of streamTable(from.db, table, columns)) {
          rows.push(columns.map((c) => r[c] ?? null));
          if (rows.length >= CHUNK) await flush();
        }
        await flush();
        if (ID_TABLES.has(table)) await to.dialect.continueIds(trx, table);
      }
      out.push({ table, from: await countRows(from.db, table), to: await countRows(trx, table) });
    }
    // Checked before the commit, so a copy that differs leaves the target empty.
    const differ = out.filter((t) => t.from !== t.to);
    if (differ.length > 0)
      throw new ConfigError(
        "store",
        `the copy differs from the source: ${differ.map((t) => `${t.table} ${t.from} → ${t.to}`).join(", ")}`,
      );
    return out;
  });
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The rows of `table`, a chunk at a time (a cursor in PostgreSQL, a stepped statement in SQLite). */
function streamTable(
  db: Kysely<Database>,
  table: string,
  columns: readonly string[],
): AsyncIterable<Record<string, Cell>> {
  const loose = db as unknown as Kysely<Record<string, Record<string, Cell>>>;
  return loose.selectFrom(table).select(columns).stream(CHUNK);
}
