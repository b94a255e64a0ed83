import type { Kysely } from "kysely";
import type { StoredRepository } from "../model/stored-repository.js";
import type { Database } from "./database.js";

/**
 * Every repository in the store with its newest snapshot's figures, sorted by key.
 *
 * @example
 * for (const r of await listRepositories(db)) console.log(r.key, r.packages);
 */
export async function listRepositories(db: Kysely<Database>): Promise<readonly StoredRepository[]> {
  const rows = await db
    .selectFrom("repositories as r")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("snapshots")
          .select(["repository_id", (e) => e.fn.max("id").as("latest"), (e) => e.fn.countAll<number>().as("n")])
          .groupBy("repository_id")
          .as("agg"),
      (join) => join.onRef("agg.repository_id", "=", "r.id"),
    )
    .leftJoin("snapshots as s", "s.id", "agg.latest")
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
    checkedAt: r.checked_at,
    sourceUrl: r.source_url,
  }));
}
