// Every store test runs on both stores, as kysely's own tests loop over their dialects.
import { join } from "node:path";
import { freshPgDatabase } from "./pg-cluster.js";

export const DIALECTS = ["sqlite", "postgres"] as const;
export type DialectName = (typeof DIALECTS)[number];

let n = 0;

/** A new, empty store of `dialect`: a file under `dir` for SQLite, a new database for PostgreSQL. */
export async function freshStore(dialect: DialectName, dir: string, name = "store"): Promise<string> {
  n += 1;
  return dialect === "sqlite" ? join(dir, `${name}-${n}.db`) : freshPgDatabase(name.replace(/[^a-z0-9_]/gi, "_"));
}
