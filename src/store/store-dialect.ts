import type { CompiledQuery, Kysely, Transaction } from "#kysely";
import { type BulkInsert, portableBulkInsert } from "./bulk-insert.js";
import type { Database } from "./database.js";

/**
 * What differs between the SQLite and the PostgreSQL store, in one place:
 * how rows are loaded in bulk, and how two writers of one repository are
 * kept from interleaving. Everything else is the same Kysely SQL.
 *
 * @example
 * await dialect.lockRepository(trx, repositoryId);
 */
export interface StoreDialect {
  readonly name: "sqlite" | "postgres" | "portable";
  readonly bulk: BulkInsert;
  /**
   * Holds the repository's write lock until `trx` ends. A second writer of the
   * same repository waits here, then sees what the first one committed.
   */
  lockRepository(trx: Transaction<Database>, repositoryId: number): Promise<void>;
  /** After ids were copied in explicitly: new rows of `table` continue after the largest. */
  continueIds(trx: Transaction<Database>, table: string): Promise<void>;
  /**
   * Runs `writes` if that needs no wait for another writer, or does not run them: false. SQLite
   * runs them in one transaction (it has one writer); PostgreSQL one after another (row locks). For what is kept only to be faster
   * (a fold of builds), which must never hold a reader up behind a sync's transaction.
   */
  writeIfFree(db: Kysely<Database>, writes: readonly CompiledQuery[]): Promise<boolean>;
}

/** Kysely for everything; no lock beyond the database's own (SQLite has one writer at a time). */
export const portableDialect: StoreDialect = {
  name: "portable",
  bulk: portableBulkInsert,
  lockRepository: () => Promise.resolve(),
  continueIds: () => Promise.resolve(),
  // PostgreSQL takes row locks only: an upsert of its own key waits for no sync.
  writeIfFree: async (db, writes) => {
    try {
      for (const w of writes) await db.executeQuery(w);
      return true;
    } catch {
      return false;
    }
  },
};
