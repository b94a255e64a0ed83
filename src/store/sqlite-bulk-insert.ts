import type BetterSqlite3 from "better-sqlite3";
import type { BulkInsert, BulkRow } from "./bulk-insert.js";

/**
 * SQLite bulk loading through cached prepared statements on the same
 * connection Kysely uses, so rows join the open transaction. About ten times
 * faster than building one query object per batch.
 *
 * @example
 * const bulk = sqliteBulkInsert(rawDatabase);
 */
export function sqliteBulkInsert(raw: BetterSqlite3.Database): BulkInsert {
  const ROWS = 64;
  const cache = new Map<string, BetterSqlite3.Statement>();
  const statement = (table: string, columns: readonly string[], rows: number): BetterSqlite3.Statement => {
    const key = `${table}|${columns.join(",")}|${rows}`;
    let st = cache.get(key);
    if (st === undefined) {
      const one = `(${columns.map(() => "?").join(",")})`;
      const cols = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(",");
      st = raw.prepare(
        `INSERT INTO "${table.replace(/"/g, '""')}" (${cols}) VALUES ${Array(rows).fill(one).join(",")} ON CONFLICT DO NOTHING`,
      );
      cache.set(key, st);
    }
    return st;
  };
  return {
    insertIgnoringConflicts(_db, table, columns, rows: readonly BulkRow[]) {
      let i = 0;
      let inserted = 0;
      if (rows.length >= ROWS) {
        const many = statement(table, columns, ROWS);
        for (; i + ROWS <= rows.length; i += ROWS) inserted += many.run(rows.slice(i, i + ROWS).flat()).changes;
      }
      if (i < rows.length) {
        const one = statement(table, columns, 1);
        for (; i < rows.length; i++) inserted += one.run(rows[i]).changes;
      }
      return Promise.resolve(inserted);
    },
  };
}
