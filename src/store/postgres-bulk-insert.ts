import { type Kysely, sql } from "#kysely";
import type { BulkInsert, BulkRow } from "./bulk-insert.js";

// Rows per statement: one array parameter per column, so the row count is not
// bound by PostgreSQL's 65,535 parameters, only by the message size.
const ROWS = 5000;

/**
 * PostgreSQL bulk loading as `INSERT ... SELECT * FROM unnest($1::type[], ...)
 * ON CONFLICT DO NOTHING`: one parameter per column rather than per value, on
 * the connection of the open transaction (https://www.postgresql.org/docs/15/functions-array.html).
 * Each column's type is read once from the catalog, so the arrays are typed
 * like the table.
 *
 * @example
 * const bulk = postgresBulkInsert();
 */
export function postgresBulkInsert(): BulkInsert {
  const types = new Map<string, ReadonlyMap<string, string>>();
  const typesOf = async (db: Kysely<unknown>, table: string): Promise<ReadonlyMap<string, string>> => {
    let t = types.get(table);
    if (t === undefined) {
      const rows = await sql<{
        name: string;
        type: string;
      }>`select attname as name, format_type(atttypid, atttypmod) as type
        from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped`.execute(db);
      t = new Map(rows.rows.map((r) => [r.name, r.type]));
      types.set(table, t);
    }
    return t;
  };
  return {
    async insertIgnoringConflicts(db, table, columns, rows: readonly BulkRow[]) {
      if (rows.length === 0) return 0;
      const t = await typesOf(db, table);
      let inserted = 0;
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        const arrays = columns.map((c, j) => {
          const type = t.get(c);
          if (type === undefined) throw new Error(`${table} has no column ${c}`);
          return sql`${chunk.map((r) => r[j] ?? null)}::${sql.raw(type)}[]`;
        });
        const r = await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
          select * from unnest(${sql.join(arrays)}) on conflict do nothing`.execute(db);
        inserted += Number(r.numAffectedRows ?? 0);
      }
      return inserted;
    },
  };
}
