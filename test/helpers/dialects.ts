// Every store test runs on both stores, as kysely's own tests loop over their dialects.
import { join } from "node:path";
import { type RawBuilder, sql } from "#kysely";
import { openSqliteStore } from "../../src/store/open-sqlite-store.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { freshPgDatabase } from "./pg-cluster.js";

export const DIALECTS = ["sqlite", "postgres"] as const;
export type DialectName = (typeof DIALECTS)[number];

let n = 0;

/** A new, empty store of `dialect`: a file under `dir` for SQLite, a new database for PostgreSQL. */
export async function freshStore(dialect: DialectName, dir: string, name = "store"): Promise<string> {
  n += 1;
  return dialect === "sqlite" ? join(dir, `${name}-${n}.db`) : freshPgDatabase(name.replace(/[^a-z0-9_]/gi, "_"));
}

/** A new, empty store of `dialect`, opened in process: SQLite in memory, or a new PostgreSQL database. */
export async function openFreshStore(dialect: DialectName): Promise<Store> {
  return dialect === "sqlite" ? openSqliteStore(":memory:") : openStore(await freshPgDatabase());
}

/** What a sync test checks after a kill: snapshots, current rows, rows stored twice, and SQLite's own check. */
export interface StoreState {
  readonly snapshots: number;
  readonly current: number;
  readonly duplicates: number;
  readonly integrity: string;
}

/** Reads a store's state through the store's own connection (any dialect). */
export async function storeState(db: string): Promise<StoreState> {
  const store = await openStore(db);
  try {
    const one = async (q: RawBuilder<{ n: number }>): Promise<number> =>
      Number((await q.execute(store.db)).rows[0]?.n ?? 0);
    const snapshots = await one(sql`select count(*) as n from snapshots`);
    const current = await one(
      sql`select count(*) as n from packages p where p.last_snapshot_id = (select max(id) from snapshots s where s.repository_id = p.repository_id)`,
    );
    const duplicates = await one(sql`select count(*) as n from (select 1 from packages
      group by repository_id, name, epoch, version, release, arch, last_snapshot_id having count(*) > 1) d`);
    const integrity =
      store.dialect.name === "sqlite"
        ? String(
            (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db)).rows[0]?.integrity_check,
          )
        : "ok";
    return { snapshots, current, duplicates, integrity };
  } finally {
    await store.close();
  }
}
