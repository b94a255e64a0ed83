import type { Kysely } from "#kysely";
import type { StoredRepository } from "../model/stored-repository.js";
import { checkedBy } from "./checked-by.js";
import type { Database } from "./database.js";

/**
 * Every repository in the store with its newest snapshot's figures, sorted by key. With `asOf`
 * (ISO 8601), as the store knew them then: only repositories with a snapshot fetched by then,
 * their snapshot current then, the snapshots counted up to it, and its check proven by then
 * ({@link checkedBy}).
 *
 * @example
 * for (const r of await listRepositories(db)) console.log(r.key, r.packages);
 */
export async function listRepositories(
  db: Kysely<Database>,
  asOf: string | null = null,
): Promise<readonly StoredRepository[]> {
  let q = db
    .selectFrom("repositories as r")
    .leftJoin(
      (eb) => {
        const snaps = eb.selectFrom("snapshots");
        return (asOf === null ? snaps : snaps.where("fetched_at", "<=", asOf))
          .select(["repository_id", (e) => e.fn.max("id").as("latest"), (e) => e.fn.countAll<number>().as("n")])
          .groupBy("repository_id")
          .as("agg");
      },
      (join) => join.onRef("agg.repository_id", "=", "r.id"),
    )
    .leftJoin("snapshots as s", "s.id", "agg.latest");
  // A repository first synced after `asOf` did not exist yet.
  if (asOf !== null) q = q.where("agg.latest", "is not", null);
  const rows = await q
    .select([
      "r.key",
      "r.distro",
      "r.release",
      "r.repo",
      "r.arch",
      "agg.n",
      "s.package_count",
      "s.fetched_at",
      "s.checked_at",
      "s.source_url",
    ])
    .orderBy("r.key")
    .execute();
  return rows.map((r) => ({
    key: r.key,
    distro: r.distro,
    release: r.release,
    repo: r.repo,
    arch: r.arch,
    snapshots: Number(r.n ?? 0),
    packages: Number(r.package_count ?? 0),
    fetchedAt: r.fetched_at,
    checkedAt:
      r.checked_at === null || r.fetched_at === null ? r.checked_at : checkedBy(r.fetched_at, r.checked_at, asOf),
    sourceUrl: r.source_url,
  }));
}
