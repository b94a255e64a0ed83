import type { Kysely } from "#kysely";
import { stableStringify } from "../format/stable-stringify.js";
import type { LeappRecord } from "../model/leapp-record.js";
import type { Database } from "./database.js";

/** Rows written per statement: under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 500;

/** Where a distribution's records of one kind came from, and when they were read. */
export interface MigrationDataOrigin {
  readonly distro: string;
  readonly sourceKind: string;
  readonly source: string;
  readonly importedAt: string;
}

/**
 * leapp's data in the store (migration 0011): an import replaces a distribution's records of its
 * kind in one transaction.
 *
 * @example
 * await new MigrationDataStore(store.db).replace({ distro: "almalinux", sourceKind: "leapp-repomap", source, importedAt }, records);
 */
export class MigrationDataStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces `origin.distro`'s records of `origin.sourceKind` with `records` (warnings are not kept). */
  async replace(origin: MigrationDataOrigin, records: readonly LeappRecord[]): Promise<void> {
    const rows = records
      .filter((r) => r.kind !== "warning")
      .map((r, seq) => ({
        distro: origin.distro,
        source_kind: origin.sourceKind,
        source: origin.source,
        imported_at: origin.importedAt,
        seq,
        record: stableStringify(r, ""),
      }));
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom("migration_data")
        .where("distro", "=", origin.distro)
        .where("source_kind", "=", origin.sourceKind)
        .execute();
      for (let i = 0; i < rows.length; i += BATCH)
        await trx
          .insertInto("migration_data")
          .values(rows.slice(i, i + BATCH))
          .execute();
    });
  }

  /** The records of `distro` of the given kinds, in import order, with their origins. */
  async records(
    distro: string,
    kinds: readonly string[],
  ): Promise<{ readonly origins: readonly MigrationDataOrigin[]; readonly records: readonly LeappRecord[] }> {
    if (kinds.length === 0) return { origins: [], records: [] };
    const rows = await this.db
      .selectFrom("migration_data")
      .where("distro", "=", distro)
      .where("source_kind", "in", kinds)
      .select(["source_kind", "source", "imported_at", "record"])
      .orderBy("source_kind")
      .orderBy("seq")
      .execute();
    const origins = new Map<string, MigrationDataOrigin>();
    for (const r of rows)
      origins.set(r.source_kind, { distro, sourceKind: r.source_kind, source: r.source, importedAt: r.imported_at });
    return { origins: [...origins.values()], records: rows.map((r) => JSON.parse(r.record) as LeappRecord) };
  }
}
