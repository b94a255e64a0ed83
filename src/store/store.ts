import { type Kysely, Migrator, sql, type Transaction } from "kysely";
import type { Database } from "./database.js";
import * as initial from "./migrations/0001-initial.js";
import { formatRepoKey, type RepoKey } from "../catalog/repo-key.js";
import type { PackageRecord } from "../sources/rpm-md/package-record.js";

/** A metadata file of a snapshot; `content` is kept for replay when given. */
export interface SnapshotFile {
  readonly type: string;
  readonly location: string;
  readonly checksumType: string;
  readonly checksum: string;
  readonly size: number | null;
  readonly content: Uint8Array | null;
}

/** What one changed repomd.xml brings into the store. */
export interface SnapshotInput {
  readonly key: RepoKey;
  readonly sourceUrl: string;
  readonly revision: string | null;
  readonly repomdChecksum: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly now: Date;
  readonly files: readonly SnapshotFile[];
}

/** What a sync changed, per repository. */
export interface SnapshotCounts {
  readonly snapshotId: number;
  readonly packages: number;
  readonly added: number;
  readonly removed: number;
}

/** The newest snapshot of a repository, used for conditional fetching. */
export interface LatestSnapshot {
  readonly id: number;
  readonly repositoryId: number;
  readonly repomdChecksum: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly sourceUrl: string;
  readonly packageCount: number;
  readonly fetchedAt: string;
}

/** A stored package as commands show it. */
export interface StoredPackage {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
  readonly arch: string;
  readonly sourcerpm: string | null;
  readonly summary: string;
  readonly location: string;
  readonly checksum: string;
  readonly fileTime: string | null;
  readonly buildTime: string | null;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** A repository in the store with its newest snapshot. */
export interface StoredRepository {
  readonly key: string;
  readonly distro: string;
  readonly release: string;
  readonly repo: string;
  readonly arch: string;
  readonly snapshots: number;
  readonly packages: number;
  readonly fetchedAt: string | null;
  readonly checkedAt: string | null;
  readonly sourceUrl: string | null;
}

const BATCH = 500;

function iso(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/**
 * The history store. SQL is written through Kysely with portable constructs
 * (temporary tables, INSERT ... SELECT, ON CONFLICT DO NOTHING) so that a
 * PostgreSQL dialect can be put in without touching the queries.
 *
 * @example
 * const store = await Store.open(kysely);
 * await store.listPackages(parseRepoKey("almalinux:9/BaseOS/x86_64"));
 */
export class Store {
  private constructor(readonly db: Kysely<Database>) {}

  /** Brings the schema up to date and returns the store. */
  static async open(db: Kysely<Database>): Promise<Store> {
    const migrator = new Migrator({
      db,
      provider: {
        getMigrations: () => Promise.resolve({ "0001-initial": initial }),
      },
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error;
    return new Store(db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async latestSnapshot(key: RepoKey): Promise<LatestSnapshot | null> {
    const row = await this.db
      .selectFrom("snapshots as s")
      .innerJoin("repositories as r", "r.id", "s.repository_id")
      .where("r.key", "=", formatRepoKey(key))
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
    };
  }

  /** An unchanged repomd.xml: only the last-seen times move. */
  async markUnchanged(latest: LatestSnapshot, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("snapshots").set({ checked_at: at }).where("id", "=", latest.id).execute();
      await trx
        .updateTable("packages")
        .set({ last_seen: at })
        .where("repository_id", "=", latest.repositoryId)
        .where("last_snapshot_id", "=", latest.id)
        .execute();
    });
  }

  /**
   * Stores a new snapshot in one transaction: either every package of it is
   * stored, or (on any error from the parser or the database) nothing is.
   */
  async writeSnapshot(input: SnapshotInput, batches: AsyncIterable<readonly PackageRecord[]>): Promise<SnapshotCounts> {
    return this.db.transaction().execute(async (trx) => {
      const at = input.now.toISOString();
      const repositoryId = await ensureRepository(trx, input.key, at);
      const previous = await trx
        .selectFrom("snapshots")
        .where("repository_id", "=", repositoryId)
        .orderBy("id", "desc")
        .select("id")
        .limit(1)
        .executeTakeFirst();
      const snapshot = await trx
        .insertInto("snapshots")
        .values({
          repository_id: repositoryId,
          source_url: input.sourceUrl,
          revision: input.revision,
          repomd_checksum: input.repomdChecksum,
          etag: input.etag,
          last_modified: input.lastModified,
          fetched_at: at,
          checked_at: at,
          package_count: 0,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const snapshotId = snapshot.id;
      for (const f of input.files) {
        let blob: string | null = null;
        if (f.content !== null) {
          blob = `${f.checksumType}:${f.checksum}`;
          await trx
            .insertInto("blobs")
            .values({ checksum: blob, content: f.content })
            .onConflict((oc) => oc.column("checksum").doNothing())
            .execute();
        }
        await trx
          .insertInto("metadata_files")
          .values({
            snapshot_id: snapshotId,
            type: f.type,
            location: f.location,
            checksum_type: f.checksumType,
            checksum: f.checksum,
            size: f.size,
            blob_checksum: blob,
          })
          .execute();
      }

      await sql`DROP TABLE IF EXISTS incoming`.execute(trx);
      await trx.schema
        .createTable("incoming")
        .temporary()
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("epoch", "integer", (c) => c.notNull())
        .addColumn("version", "text", (c) => c.notNull())
        .addColumn("release", "text", (c) => c.notNull())
        .addColumn("arch", "text", (c) => c.notNull())
        .addColumn("checksum_type", "text", (c) => c.notNull())
        .addColumn("checksum", "text", (c) => c.notNull())
        .addColumn("summary", "text", (c) => c.notNull())
        .addColumn("url", "text")
        .addColumn("packager", "text")
        .addColumn("license", "text")
        .addColumn("vendor", "text")
        .addColumn("rpm_group", "text")
        .addColumn("buildhost", "text")
        .addColumn("sourcerpm", "text")
        .addColumn("location", "text", (c) => c.notNull())
        .addColumn("file_time", "bigint")
        .addColumn("build_time", "bigint")
        .addColumn("package_size", "bigint")
        .addColumn("installed_size", "bigint")
        .addPrimaryKeyConstraint("incoming_pk", ["name", "epoch", "version", "release", "arch"])
        .execute();
      const incoming = trx.withTables<{ incoming: IncomingTable }>();
      let pending: IncomingTable[] = [];
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        // A repository may list one NEVRA twice; like dnf, keep the first.
        await incoming
          .insertInto("incoming")
          .values(pending)
          .onConflict((oc) => oc.doNothing())
          .execute();
        pending = [];
      };
      for await (const batch of batches) {
        for (const p of batch) {
          pending.push({
            name: p.name,
            epoch: p.epoch,
            version: p.version,
            release: p.release,
            arch: p.arch,
            checksum_type: p.checksumType,
            checksum: p.checksum,
            summary: p.summary,
            url: p.url,
            packager: p.packager,
            license: p.license,
            vendor: p.vendor,
            rpm_group: p.group,
            buildhost: p.buildhost,
            sourcerpm: p.sourcerpm,
            location: p.location,
            file_time: p.fileTime,
            build_time: p.buildTime,
            package_size: p.packageSize,
            installed_size: p.installedSize,
          });
          if (pending.length >= BATCH) await flush();
        }
      }
      await flush();

      let kept = 0;
      if (previous !== undefined) {
        const res = await incoming
          .updateTable("packages")
          .set({ last_seen: at, last_snapshot_id: snapshotId })
          .where("repository_id", "=", repositoryId)
          .where("last_snapshot_id", "=", previous.id)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom("incoming as i")
                .select(sql`1`.as("one"))
                .whereRef("i.name", "=", "packages.name")
                .whereRef("i.epoch", "=", "packages.epoch")
                .whereRef("i.version", "=", "packages.version")
                .whereRef("i.release", "=", "packages.release")
                .whereRef("i.arch", "=", "packages.arch"),
            ),
          )
          .executeTakeFirst();
        kept = Number(res.numUpdatedRows);
      }
      const inserted = await incoming
        .insertInto("packages")
        .columns([
          "repository_id",
          "name",
          "epoch",
          "version",
          "release",
          "arch",
          "checksum_type",
          "checksum",
          "summary",
          "url",
          "packager",
          "license",
          "vendor",
          "rpm_group",
          "buildhost",
          "sourcerpm",
          "location",
          "file_time",
          "build_time",
          "package_size",
          "installed_size",
          "first_seen",
          "last_seen",
          "first_snapshot_id",
          "last_snapshot_id",
        ])
        .expression(
          (eb) =>
            eb
              .selectFrom("incoming as i")
              .select([
                sql.lit(repositoryId).as("repository_id"),
                "i.name",
                "i.epoch",
                "i.version",
                "i.release",
                "i.arch",
                "i.checksum_type",
                "i.checksum",
                "i.summary",
                "i.url",
                "i.packager",
                "i.license",
                "i.vendor",
                "i.rpm_group",
                "i.buildhost",
                "i.sourcerpm",
                "i.location",
                "i.file_time",
                "i.build_time",
                "i.package_size",
                "i.installed_size",
                sql.lit(at).as("first_seen"),
                sql.lit(at).as("last_seen"),
                sql.lit(snapshotId).as("first_snapshot_id"),
                sql.lit(snapshotId).as("last_snapshot_id"),
              ])
              .where((w) =>
                w.not(
                  w.exists(
                    w
                      .selectFrom("packages as p")
                      .select(sql`1`.as("one"))
                      .where("p.repository_id", "=", repositoryId)
                      .where("p.last_snapshot_id", "=", snapshotId)
                      .whereRef("p.name", "=", "i.name")
                      .whereRef("p.epoch", "=", "i.epoch")
                      .whereRef("p.version", "=", "i.version")
                      .whereRef("p.release", "=", "i.release")
                      .whereRef("p.arch", "=", "i.arch"),
                  ),
                ),
              ) as never,
        )
        .executeTakeFirst();
      const added = Number(inserted.numInsertedOrUpdatedRows ?? 0n);
      const total = kept + added;
      // Rows of the previous snapshot that the update above did not carry over were removed.
      const notContinued =
        previous === undefined
          ? 0
          : Number(
              (
                await trx
                  .selectFrom("packages")
                  .where("repository_id", "=", repositoryId)
                  .where("last_snapshot_id", "=", previous.id)
                  .select((eb) => eb.fn.countAll<number>().as("n"))
                  .executeTakeFirstOrThrow()
              ).n,
            );
      await trx.updateTable("snapshots").set({ package_count: total }).where("id", "=", snapshotId).execute();
      await sql`DROP TABLE incoming`.execute(trx);
      return {
        snapshotId,
        packages: total,
        added,
        removed: notContinued,
      };
    });
  }

  /** Packages present in the newest snapshot of `key`, sorted by name, EVR text and arch. */
  async listPackages(key: RepoKey, options: { name?: string } = {}): Promise<readonly StoredPackage[] | null> {
    const latest = await this.latestSnapshot(key);
    if (latest === null) return null;
    let q = this.db
      .selectFrom("packages")
      .where("repository_id", "=", latest.repositoryId)
      .where("last_snapshot_id", "=", latest.id);
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
      lastSeen: r.last_seen,
    }));
  }

  /** Every repository in the store with its newest snapshot's figures, sorted by key. */
  async listRepositories(): Promise<readonly StoredRepository[]> {
    const rows = await this.db
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
}

interface IncomingTable {
  name: string;
  epoch: number;
  version: string;
  release: string;
  arch: string;
  checksum_type: string;
  checksum: string;
  summary: string;
  url: string | null;
  packager: string | null;
  license: string | null;
  vendor: string | null;
  rpm_group: string | null;
  buildhost: string | null;
  sourcerpm: string | null;
  location: string;
  file_time: number | null;
  build_time: number | null;
  package_size: number | null;
  installed_size: number | null;
}

async function ensureRepository(trx: Transaction<Database>, key: RepoKey, at: string): Promise<number> {
  const k = formatRepoKey(key);
  await trx
    .insertInto("repositories")
    .values({
      key: k,
      distro: key.distro,
      release: key.release,
      repo: key.repo,
      arch: key.arch,
      created_at: at,
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await trx.selectFrom("repositories").where("key", "=", k).select("id").executeTakeFirstOrThrow();
  return row.id;
}
