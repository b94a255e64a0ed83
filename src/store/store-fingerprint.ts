import { type Kysely, sql } from "#kysely";
import type { Database } from "./database.js";

/**
 * A short text that changes whenever anything is written to the store (a snapshot, a check, an
 * import, a probe): lets readers cache answers. With `distros`, only what is written for those
 * distributions changes it (an answer over AlmaLinux stays fresh while Rocky syncs); one list of
 * what counts serves both, so a new kind of data is never counted by one and missed by the other.
 *
 * @example
 * const stale = (await storeFingerprint(db)) !== cachedFingerprint;
 * await storeFingerprint(db, ["almalinux", "rhel"])
 */
export async function storeFingerprint(db: Kysely<Database>, distros?: readonly string[]): Promise<string> {
  const ds = distros === undefined || distros.length === 0 ? null : sql.join(distros.map((d) => sql`${d}`));
  const of = (table: string) => (ds === null ? sql.table(table) : sql`${sql.table(table)} where distro in (${ds})`);
  const snapshots =
    ds === null
      ? sql`snapshots s`
      : sql`snapshots s join repositories r on r.id = s.repository_id where r.distro in (${ds})`;
  const row = await sql<Record<string, unknown>>`select
    (select max(s.id) from ${snapshots}) as a, (select max(s.checked_at) from ${snapshots}) as b,
    (select count(*) from ${of("advisories")}) as c, (select max(first_seen_observer) from ${of("advisories")}) as d,
    (select max(id) from ${of("mirror_snapshots")}) as e, (select max(checked_at) from ${of("mirror_snapshots")}) as f,
    (select max(id) from ${of("image_imports")}) as g, (select count(*) from ${of("popularity")}) as h,
    (select max(imported_at) from ${of("popularity")}) as i, (select max(imported_at) from ${of("release_dates")}) as j,
    (select count(*) from ${of("release_dates")}) as k, (select max(id) from ${of("probe_runs")}) as l,
    (select max(checked_at) from ${of("package_signatures")}) as m`.execute(db);
  return JSON.stringify(row.rows[0] ?? {});
}
