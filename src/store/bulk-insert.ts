import { type Kysely, sql } from "#kysely";

/** One row's values, in the column order given with them. */
export type BulkRow = readonly (string | number | Uint8Array | null)[];

/**
 * Loads many rows fast and answers how many were inserted (the rest conflicted). The portable
 * version goes through Kysely; a dialect can bring its own (prepared statements for SQLite, COPY
 * for PostgreSQL), since bulk loading is where dialects differ most in speed.
 *
 * @example
 * const inserted = await bulk.insertIgnoringConflicts(trx, "incoming", ["name", "epoch"], [["bash", 0]]);
 */
export interface BulkInsert {
  insertIgnoringConflicts(
    db: Kysely<unknown>,
    table: string,
    columns: readonly string[],
    rows: readonly BulkRow[],
  ): Promise<number>;
}

/** Multi-row INSERT ... ON CONFLICT DO NOTHING, valid for SQLite and PostgreSQL alike. */
export const portableBulkInsert: BulkInsert = {
  async insertIgnoringConflicts(db, table, columns, rows) {
    const CHUNK = 200;
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = rows.slice(i, i + CHUNK).map((r) => sql`(${sql.join(r.map((v) => sql`${v}`))})`);
      const r =
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)} on conflict do nothing`.execute(
          db,
        );
      inserted += Number(r.numAffectedRows ?? 0);
    }
    return inserted;
  },
};
