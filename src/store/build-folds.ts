import type { Kysely } from "#kysely";
import type { SourceBuild } from "../model/source-build.js";
import { packBuildFold, unpackBuildFold } from "./build-fold-pack.js";
import type { CurrentPackages } from "./current-packages.js";
import type { Database } from "./database.js";
import type { StoreDialect } from "./store-dialect.js";

/** Folds kept at most: each release and major asked for is one; the least recently made go first. */
const KEPT = 64;

/** The fold's format: another one is folded again, never read as this one. */
const FORMAT = "1";

/**
 * A distribution's source builds over some releases, as the analyses fold them from the
 * repositories' packs, kept (migration 0019) so the next question over the same newest snapshots
 * reads them instead of folding again. A fold is read only while its fingerprint (the newest
 * snapshot of each repository it was folded from) is still the newest state: a sync of any of
 * them makes it unread, and the next fold replaces it. Only the newest state is kept (never a
 * view as of a time), and keeping never waits for another writer (StoreDialect.writeIfFree).
 *
 * @example
 * const fp = await folds.fingerprint("rocky", ["9.4", "9.5"]);
 * const builds = fp === null ? null : await folds.get("rocky", ["9.4", "9.5"], fp);
 */
export class BuildFolds {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
    private readonly packages: CurrentPackages,
    private readonly asOf: string | null,
  ) {}

  /** What a fold of `distro` over `releases` is folded from; null when none may be kept (as of a time, or nothing synced). */
  async fingerprint(distro: string, releases: readonly string[]): Promise<string | null> {
    if (this.asOf !== null) return null;
    const latest = await this.packages.latestSnapshotIds(distro, releases);
    if (latest.length === 0) return null;
    const ids = latest.map((l) => `${l.repositoryId}:${l.snapshotId}`).sort();
    return `${FORMAT} ${ids.join(",")}`;
  }

  /** The kept builds, or null when none is kept for `fingerprint` (or it does not read). */
  async get(distro: string, releases: readonly string[], fingerprint: string): Promise<SourceBuild[] | null> {
    const row = await this.db
      .selectFrom("build_folds")
      .select(["fingerprint", "build_count as buildCount", "body"])
      .where("key", "=", foldKey(distro, releases))
      .executeTakeFirst();
    if (row === undefined || row.fingerprint !== fingerprint) return null;
    const builds = unpackBuildFold({ buildCount: Number(row.buildCount), body: row.body });
    // None is never kept: an empty fold is an edited row, and "no builds" is the rows' to say.
    return builds === null || builds.length === 0 ? null : builds;
  }

  /**
   * The folds kept, with the fingerprint each was folded for, so a writer can fold again those
   * its writes made unread (refreshBuildFolds) without reading their bodies.
   */
  async kept(): Promise<{ distro: string; releases: string[]; fingerprint: string }[]> {
    const rows = await this.db.selectFrom("build_folds").select(["key", "fingerprint"]).orderBy("key").execute();
    return rows.flatMap((r) => {
      const space = r.key.indexOf(" ");
      if (space <= 0) return [];
      const list = r.key.slice(space + 1);
      return [
        { distro: r.key.slice(0, space), releases: list === "" ? [] : list.split(","), fingerprint: r.fingerprint },
      ];
    });
  }

  /** Keeps `builds` for `fingerprint`, if the store takes it now; false when it was not kept. */
  async keep(
    distro: string,
    releases: readonly string[],
    fingerprint: string,
    builds: readonly SourceBuild[],
    now: Date,
  ): Promise<boolean> {
    const pack = packBuildFold(builds);
    if (pack === null) return false;
    const row = {
      key: foldKey(distro, releases),
      fingerprint,
      build_count: pack.buildCount,
      computed_at: now.toISOString(),
      body: pack.body,
    };
    const upsert = this.db
      .insertInto("build_folds")
      .values(row)
      .onConflict((oc) => oc.column("key").doUpdateSet(row))
      .compile();
    const evict = this.db
      .deleteFrom("build_folds")
      .where("key", "not in", (eb) =>
        eb.selectFrom("build_folds").select("key").orderBy("computed_at", "desc").orderBy("key").limit(KEPT),
      )
      .compile();
    return this.dialect.writeIfFree(this.db, [upsert, evict]);
  }
}

/** A fold's key: the distribution and its releases, sorted ("" for every release). */
function foldKey(distro: string, releases: readonly string[]): string {
  return `${distro} ${[...releases].sort().join(",")}`;
}
