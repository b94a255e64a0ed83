import { type Kysely, sql } from "kysely";
import type { Database } from "./database.js";

/**
 * A short text that changes whenever anything is written to the store
 * (a snapshot, a check, an import, a probe): lets readers cache answers.
 *
 * @example
 * const stale = (await storeFingerprint(db)) !== cachedFingerprint;
 */
export async function storeFingerprint(db: Kysely<Database>): Promise<string> {
  const row = await sql<Record<string, unknown>>`select
    (select max(id) from snapshots) as a, (select max(checked_at) from snapshots) as b,
    (select count(*) from advisories) as c, (select max(first_seen_observer) from advisories) as d,
    (select max(id) from mirror_snapshots) as e, (select max(checked_at) from mirror_snapshots) as f,
    (select max(id) from image_imports) as g, (select count(*) from popularity) as h,
    (select max(imported_at) from popularity) as i, (select max(imported_at) from release_dates) as j,
    (select count(*) from release_dates) as k, (select max(id) from probe_runs) as l`.execute(db);
  return JSON.stringify(row.rows[0] ?? {});
}
