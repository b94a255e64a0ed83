import { type DialectAdapter, type Kysely, SqliteAdapter, SqliteDialect, sql } from "#kysely";

/**
 * Kysely's SQLite adapter takes no migration lock, since one process has one connection. Two
 * processes opening a new store at once would both run the migrations ("table repositories
 * already exists"). This one holds SQLite's write lock (`BEGIN IMMEDIATE`, waiting up to the busy
 * timeout) from before the migrations are read until they are recorded, so the second process
 * finds them done (https://www.sqlite.org/lang_transaction.html).
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin immediate`.execute(db);
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`commit`.execute(db);
  }
}

/**
 * Kysely's SQLite dialect with a migration lock that holds across processes.
 *
 * @example
 * new Kysely<Database>({ dialect: new LockingSqliteDialect({ database: raw }) });
 */
export class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
}
