import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from "#kysely";
import type { RepoKey } from "../model/repo-key.js";
import type { CurrentRow } from "../model/current-row.js";
import type { PackageCounts } from "../model/package-counts.js";
import type { SourceRowBatch } from "../model/source-row.js";
import type { StoredPackage } from "../model/stored-package.js";
import type { Database, PackagesTable } from "./database.js";
import { checkedBy } from "./checked-by.js";
import { latestSnapshotOf } from "./latest-snapshot-of.js";
import { countSnapshot } from "./snapshot-counts.js";
import { sourceRpmOf } from "./source-rpm-of.js";
import { unpackSourceBuilds } from "./source-build-pack.js";

/** Source rows read per query: small enough to die young in V8's heap, large enough to cost few queries. */
const SOURCE_BATCH = 2048;

/** Metadata times are Unix seconds; commands show them as ISO 8601. */
function iso(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/**
 * Reads the packages of each repository's newest snapshot: one repository's
 * list, the rows the analyses work on, their source builds, and counts. With `asOf` (ISO
 * 8601), of the snapshot current then (the newest fetched by then): its packages are the
 * presence intervals that span it (first snapshot <= it <= last snapshot).
 *
 * @example
 * const rows = await new CurrentPackages(db).currentRows("almalinux", ["9"]);
 */
export class CurrentPackages {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly asOf: string | null = null,
  ) {}

  /** Packages present in the newest snapshot of `key`, sorted by name, EVR text and arch. */
  async listPackages(key: RepoKey, options: { name?: string } = {}): Promise<readonly StoredPackage[] | null> {
    const latest = await latestSnapshotOf(this.db, key, this.asOf);
    if (latest === null) return null;
    let q = this.db.selectFrom("packages").where("repository_id", "=", latest.repositoryId);
    q =
      this.asOf === null
        ? q.where("last_snapshot_id", "=", latest.id)
        : q.where("first_snapshot_id", "<=", latest.id).where("last_snapshot_id", ">=", latest.id);
    // As of a time, a package seen again later was last seen (as far as the store knew then) at its snapshot's proven check.
    const seenBy = checkedBy(latest.fetchedAt, latest.checkedAt, this.asOf);
    if (options.name !== undefined) q = q.where("name", "=", options.name);
    const rows = await q
      .select([
        "name",
        "epoch",
        "version",
        "release",
        "arch",
        "sourcerpm",
        "summary",
        "location",
        "checksum",
        "file_time",
        "build_time",
        "first_seen",
        "last_seen",
      ])
      .orderBy("name")
      .orderBy("epoch")
      .orderBy("version")
      .orderBy("release")
      .orderBy("arch")
      .execute();
    return rows.map((r) => ({
      name: r.name,
      epoch: Number(r.epoch),
      version: r.version,
      release: r.release,
      arch: r.arch,
      sourcerpm: r.sourcerpm,
      summary: r.summary,
      location: r.location,
      checksum: r.checksum,
      fileTime: iso(r.file_time === null ? null : Number(r.file_time)),
      buildTime: iso(r.build_time === null ? null : Number(r.build_time)),
      firstSeen: r.first_seen,
      lastSeen: this.asOf === null || r.last_seen <= this.asOf ? r.last_seen : seenBy,
    }));
  }

  /**
   * Every package in the newest snapshot of each repository of `distro`
   * (optionally only some releases), with its repository's coordinates:
   * the rows the analyses work on.
   */
  async currentRows(distro: string, releases?: readonly string[]): Promise<readonly CurrentRow[]> {
    const latest = await this.latestSnapshotIds(distro, releases);
    if (latest.length === 0) return [];
    const rows = await this.db
      .selectFrom("packages as p")
      .innerJoin("repositories as r", "r.id", "p.repository_id")
      .where((eb) => inNewestSnapshots(eb, latest, this.asOf !== null))
      .select([
        "r.distro",
        "r.release as distroRelease",
        "r.repo",
        "r.arch as repoArch",
        "p.name",
        "p.epoch",
        "p.version",
        "p.release",
        "p.arch",
        "p.sourcerpm",
        "p.file_time",
        "p.first_seen",
      ])
      .execute();
    return rows.map((r) => ({
      distro: r.distro,
      distroRelease: r.distroRelease,
      repo: r.repo,
      repoArch: r.repoArch,
      name: r.name,
      epoch: Number(r.epoch),
      version: r.version,
      release: r.release,
      arch: r.arch,
      sourcerpm: r.sourcerpm,
      fileTime: r.file_time === null ? null : Number(r.file_time),
      firstSeen: r.first_seen,
    }));
  }

  /**
   * The source builds in the newest snapshot of each repository of `distro`: per repository, one
   * row per source RPM with the highest epoch, earliest file time and first sighting of any of its
   * packages. Read from source_builds (written with each snapshot) a batch at a time, so a large
   * major's 450,000 rows are never held as one array and a repository's release and name are given
   * once per batch; a snapshot written outside a sync (the 10-million-row bench store) is grouped
   * from its packages instead.
   */
  async *sourceRowBatches(
    distro: string,
    releases?: readonly string[],
    options: { sourceName?: string } = {},
  ): AsyncGenerator<SourceRowBatch, void, undefined> {
    const latest = await this.latestSnapshotIds(distro, releases);
    const name = options.sourceName;
    const grouped: typeof latest = [];
    for (const l of latest) {
      // Every build of the snapshot: its pack is one blob, read and unpacked in about 0.4 of the time of its rows (bench:source-read).
      if (name === undefined) {
        const pack = await this.db
          .selectFrom("source_build_packs")
          .where("snapshot_id", "=", l.snapshotId)
          .select(["row_count as rowCount", "body"])
          .executeTakeFirst();
        if (pack !== undefined) {
          for (const rows of unpackSourceBuilds(
            { snapshotId: l.snapshotId, rowCount: Number(pack.rowCount), body: pack.body },
            SOURCE_BATCH,
          ))
            yield { distroRelease: l.release, repo: l.repo, rows };
          continue;
        }
      }
      let read = 0;
      // In key order, a few thousand rows at a time: each batch is folded and gone while it is young
      // (a whole repository's 30,000 rows outlive V8's young generation and pile up as old garbage).
      for (let after: string | null = null; ;) {
        let q = this.db.selectFrom("source_builds").where("snapshot_id", "=", l.snapshotId);
        // A range on the primary key (bash- up to bash.): "bash-" and "bash-completion-"; the caller keeps the exact name.
        if (name !== undefined) q = q.where("sourcerpm", ">=", `${name}-`).where("sourcerpm", "<", `${name}.`);
        if (after !== null) q = q.where("sourcerpm", ">", after);
        const rows = await q
          .select(["sourcerpm", "epoch", "file_time as fileTime", "first_seen as firstSeen"])
          .orderBy("sourcerpm")
          .limit(SOURCE_BATCH)
          .execute();
        read += rows.length;
        if (rows.length > 0) yield { distroRelease: l.release, repo: l.repo, rows };
        if (rows.length < SOURCE_BATCH) break;
        after = rows[rows.length - 1]?.sourcerpm ?? null;
      }
      if (read > 0) continue;
      const stored = await this.db
        .selectFrom("source_builds")
        .where("snapshot_id", "=", l.snapshotId)
        .select("snapshot_id")
        .limit(1)
        .executeTakeFirst();
      if (stored === undefined) grouped.push(l);
    }
    if (grouped.length > 0) yield* await this.groupedSourceRows(grouped, name);
  }

  /** Source rows grouped from the packages of snapshots that have no source_builds rows, a batch per repository. */
  private async groupedSourceRows(
    latest: readonly { repositoryId: number; snapshotId: number; release: string; repo: string }[],
    sourceName: string | undefined,
  ): Promise<SourceRowBatch[]> {
    const src = sourceRpmOf();
    let q = this.db
      .selectFrom("packages as p")
      // Row values pick each repository's newest snapshot straight from the packages_current index.
      .where((eb) => inNewestSnapshots(eb, latest, this.asOf !== null));
    if (sourceName !== undefined) {
      // A coarse filter in SQL (bash- also matches bash-completion-); the caller keeps the exact name.
      const pattern = `${sourceName.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
      q = q.where(sql<SqlBool>`${src} like ${pattern} escape '\\'`);
    }
    const rows = await q
      .select((eb) => [
        "p.repository_id as repositoryId",
        src.as("sourcerpm"),
        eb.fn.max("p.epoch").as("epoch"),
        eb.fn.min("p.file_time").as("fileTime"),
        eb.fn.min("p.first_seen").as("firstSeen"),
      ])
      .groupBy(["p.repository_id", src])
      .execute();
    const batches = new Map(
      latest.map((l) => [
        l.repositoryId,
        { distroRelease: l.release, repo: l.repo, rows: [] as SourceRowBatch["rows"][number][] },
      ]),
    );
    for (const r of rows) {
      batches.get(Number(r.repositoryId))?.rows.push({
        sourcerpm: r.sourcerpm,
        epoch: Number(r.epoch),
        fileTime: r.fileTime === null ? null : Number(r.fileTime),
        firstSeen: r.firstSeen,
      });
    }
    return [...batches.values()].filter((b) => b.rows.length > 0);
  }

  /** The newest snapshot of each repository of `distro` (optionally only some releases). */
  async latestSnapshotIds(
    distro: string,
    releases?: readonly string[],
  ): Promise<{ repositoryId: number; snapshotId: number; release: string; repo: string }[]> {
    let q = this.db
      .selectFrom("snapshots as s")
      .innerJoin("repositories as r", "r.id", "s.repository_id")
      .where("r.distro", "=", distro);
    if (releases !== undefined && releases.length > 0) q = q.where("r.release", "in", releases);
    if (this.asOf !== null) q = q.where("s.fetched_at", "<=", this.asOf);
    const rows = await q
      .select(["r.id", "r.release", "r.repo", (eb) => eb.fn.max("s.id").as("m")])
      .groupBy(["r.id", "r.release", "r.repo"])
      .execute();
    return rows.map((r) => ({ repositoryId: Number(r.id), snapshotId: Number(r.m), release: r.release, repo: r.repo }));
  }

  /**
   * Package counts of each repository's newest snapshot: binary packages per
   * architecture (noarch, x86_64, i686, ...), and distinct source packages
   * (source RPMs named by binaries, or present as src packages).
   */
  async packageCounts(): Promise<ReadonlyMap<string, PackageCounts>> {
    // Each snapshot's counts are stored with it (migration 0008); a newest snapshot without them
    // (written outside a sync, as the 10-million-row bench store is) is counted from its rows.
    const stored = await this.db
      .selectFrom("snapshots as s")
      .innerJoin("repositories as r", "r.id", "s.repository_id")
      .where("s.id", "in", (eb) => {
        const newest = eb.selectFrom("snapshots").select((e) => e.fn.max("id").as("m"));
        return (this.asOf === null ? newest : newest.where("fetched_at", "<=", this.asOf)).groupBy("repository_id");
      })
      .select(["r.key", "r.id as repositoryId", "s.id as snapshotId", "s.counts"])
      .execute();
    const out = new Map<string, PackageCounts>();
    for (const r of stored) {
      const counts =
        r.counts === null
          ? await countSnapshot(
              this.db as unknown as Kysely<unknown>,
              r.repositoryId,
              Number(r.snapshotId),
              this.asOf !== null,
            )
          : (JSON.parse(r.counts) as PackageCounts);
      out.set(r.key, counts);
    }
    return out;
  }
}

/**
 * Rows of each repository's newest snapshot, as (repository, snapshot) pairs
 * that SQLite answers straight from the packages_current index. `spanning`: of a snapshot that
 * may be an older one (as of a time), so every presence interval that spans it.
 */
function inNewestSnapshots(
  eb: ExpressionBuilder<Database & { p: PackagesTable }, "p">,
  latest: readonly { repositoryId: number; snapshotId: number }[],
  spanning = false,
): Expression<SqlBool> {
  return eb.or(
    latest.map((l) =>
      eb.and([
        eb("p.repository_id", "=", l.repositoryId),
        ...(spanning
          ? [eb("p.first_snapshot_id", "<=", l.snapshotId), eb("p.last_snapshot_id", ">=", l.snapshotId)]
          : [eb("p.last_snapshot_id", "=", l.snapshotId)]),
      ]),
    ),
  );
}
