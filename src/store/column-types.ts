import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from "#kysely";

/**
 * The few column types SQLite and PostgreSQL spell differently, so that one
 * migration serves both. Text compares byte-wise in both (`collate "C"` in
 * PostgreSQL, whose default collation follows the server's locale), so rows
 * sort the same whichever store answers. `real` is single precision in
 * PostgreSQL; SQLite's REAL is a double, so PostgreSQL gets `double precision`.
 *
 * @example
 * table.addColumn("id", columnTypes(db).id, columnTypes(db).idConstraints)
 */
export function columnTypes(db: Kysely<unknown>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    id: pg ? sql`bigserial` : sql`integer`,
    idConstraints: (c: ColumnDefinitionBuilder) => c.primaryKey(),
    blob: pg ? sql`bytea` : sql`blob`,
    text: pg ? sql`text collate "C"` : sql`text`,
    real: pg ? sql`double precision` : sql`real`,
  } as const;
}
