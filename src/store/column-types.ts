import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The few column types SQLite and PostgreSQL spell differently, so that one
 * migration serves both.
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
  } as const;
}
