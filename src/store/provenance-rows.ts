import type { Kysely } from "#kysely";
import type {
  ProvenanceBuilds,
  ProvenanceInput,
  ProvenanceInterval,
  ProvenanceRepository,
} from "../model/provenance-input.js";
import type { Database } from "./database.js";
import { groupProvenance, readProvenanceSummaries } from "./provenance-summary.js";

/**
 * Build host, packager and vendor of every package row of `distro`'s repositories (optionally only
 * some releases), grouped per presence interval, with each repository's snapshots: enough to
 * count them in any snapshot without reading one row per package. Grouped once per snapshot, by
 * the sync that writes it (provenance_summaries); a repository without a summary of its newest
 * snapshot is grouped here.
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
  const newest = new Map<number, number>();
  for (const s of snaps) newest.set(Number(s.repository_id), Number(s.id));
  // Each repository's summary, kept by the sync that wrote its newest snapshot; the rest grouped here.
  const raw = db as unknown as Kysely<unknown>;
  const fresh = await readProvenanceSummaries(raw, newest);
  const intervals: ProvenanceInterval[] = [];
  const builds: ProvenanceBuilds[] = [];
  for (const id of [...newest.keys()].sort((a, b) => a - b)) {
    const key = keyOf.get(id) ?? "";
    const s = fresh.get(id) ?? (await groupProvenance(raw, id, newest.get(id) ?? 0));
    for (const i of s.intervals) intervals.push({ key, ...i });
    for (const b of s.builds) builds.push({ key, ...b });
  }
  return { repositories, builds, intervals };
}
