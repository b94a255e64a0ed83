import type { Kysely } from "kysely";
import type { ProvenanceInput, ProvenanceRepository } from "../model/provenance-input.js";
import type { Database } from "./database.js";

/**
 * Build host, packager and vendor of every package row of `distro`'s repositories (optionally only
 * some releases), grouped per presence interval, with each repository's snapshots: enough to
 * count them in any snapshot without reading one row per package.
 *
 * @example
 * const input = await provenanceRows(store.db, "almalinux", ["9.4"]);
 */
export async function provenanceRows(
  db: Kysely<Database>,
  distro: string,
  releases?: readonly string[],
): Promise<ProvenanceInput> {
  let rq = db.selectFrom("repositories").where("distro", "=", distro);
  if (releases !== undefined && releases.length > 0) rq = rq.where("release", "in", releases);
  const repos = await rq.select(["id", "key", "release", "repo", "arch"]).orderBy("key").execute();
  if (repos.length === 0) return { repositories: [], intervals: [], builds: [] };
  const ids = repos.map((r) => Number(r.id));
  const snaps = await db
    .selectFrom("snapshots")
    .where("repository_id", "in", ids)
    .select(["id", "repository_id", "fetched_at"])
    .orderBy("id")
    .execute();
  const keyOf = new Map(repos.map((r) => [Number(r.id), r.key]));
  const repositories: ProvenanceRepository[] = repos
    .map((r) => ({
      key: r.key,
      release: r.release,
      repo: r.repo,
      arch: r.arch,
      snapshots: snaps
        .filter((s) => Number(s.repository_id) === Number(r.id))
        .map((s) => ({ id: Number(s.id), fetchedAt: s.fetched_at })),
    }))
    .filter((r) => r.snapshots.length > 0);
  const rows = await db
    .selectFrom("packages")
    .where("repository_id", "in", ids)
    .select((eb) => [
      "repository_id",
      "first_snapshot_id",
      "last_snapshot_id",
      "buildhost",
      "packager",
      "vendor",
      eb.fn.countAll().as("packages"),
      eb.fn.min("file_time").as("first_file_time"),
    ])
    .groupBy(["repository_id", "first_snapshot_id", "last_snapshot_id", "buildhost", "packager", "vendor"])
    .execute();
  const newest = repositories.map((r) => r.snapshots.at(-1)?.id ?? 0);
  const builds =
    newest.length === 0
      ? []
      : await db
          .selectFrom("packages")
          .where("repository_id", "in", ids)
          .where("last_snapshot_id", "in", newest)
          .select((eb) => [
            "repository_id",
            "buildhost",
            "packager",
            "vendor",
            eb.fn.count<number>(eb.fn.coalesce("sourcerpm", "name")).distinct().as("builds"),
          ])
          .groupBy(["repository_id", "buildhost", "packager", "vendor"])
          .execute();
  return {
    repositories,
    builds: builds.map((r) => ({
      key: keyOf.get(Number(r.repository_id)) ?? "",
      buildhost: r.buildhost,
      packager: r.packager,
      vendor: r.vendor,
      builds: Number(r.builds),
    })),
    intervals: rows.map((r) => ({
      key: keyOf.get(Number(r.repository_id)) ?? "",
      firstSnapshotId: Number(r.first_snapshot_id),
      lastSnapshotId: Number(r.last_snapshot_id),
      buildhost: r.buildhost,
      packager: r.packager,
      vendor: r.vendor,
      packages: Number(r.packages),
      firstFileTime: r.first_file_time === null ? null : Number(r.first_file_time),
    })),
  };
}
