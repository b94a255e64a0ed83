import type { Transaction } from "kysely";
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
}

/** Kysely for everything; no lock beyond the database's own (SQLite has one writer at a time). */
export const portableDialect: StoreDialect = {
  name: "portable",
  bulk: portableBulkInsert,
  lockRepository: () => Promise.resolve(),
  continueIds: () => Promise.resolve(),
};
