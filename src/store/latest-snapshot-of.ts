import type { Kysely } from "#kysely";
import { formatRepoKey, type RepoKey } from "../catalog/repo-key.js";
import type { LatestSnapshot } from "../model/latest-snapshot.js";
import type { Database } from "./database.js";

/**
 * The newest snapshot of a repository, or null when it was never synced. Both
 * a sync (to fetch conditionally) and the package list (to read it) start here.
 * With `asOf` (ISO 8601), the newest one fetched by then: the snapshot current at that time.
 *
 * @example
 * const latest = await latestSnapshotOf(db, parseRepoKey("almalinux:9/BaseOS/x86_64"));
 */
export async function latestSnapshotOf(
  db: Kysely<Database>,
  key: RepoKey,
  asOf: string | null = null,
): Promise<LatestSnapshot | null> {
  let q = db
    .selectFrom("snapshots as s")
    .innerJoin("repositories as r", "r.id", "s.repository_id")
    .where("r.key", "=", formatRepoKey(key));
  if (asOf !== null) q = q.where("s.fetched_at", "<=", asOf);
  const row = await q
    .orderBy("s.id", "desc")
    .select([
      "s.id",
      "s.repository_id",
      "s.repomd_checksum",
      "s.etag",
      "s.last_modified",
      "s.source_url",
      "s.package_count",
      "s.fetched_at",
      "s.checked_at",
    ])
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return null;
  return {
    id: row.id,
    repositoryId: row.repository_id,
    repomdChecksum: row.repomd_checksum,
    etag: row.etag,
    lastModified: row.last_modified,
    sourceUrl: row.source_url,
    packageCount: row.package_count,
    fetchedAt: row.fetched_at,
    checkedAt: row.checked_at,
  };
}
