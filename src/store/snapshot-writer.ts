import type { Kysely, Transaction } from "#kysely";
import { formatRepoKey, type RepoKey } from "../catalog/repo-key.js";
import type { LatestSnapshot } from "../model/latest-snapshot.js";
import type { PackageRecord } from "../model/package-record.js";
import type { SnapshotCounts, SnapshotInput } from "../model/snapshot-input.js";
import type { BulkRow } from "./bulk-insert.js";
import type { Database } from "./database.js";
import type { StoreDialect } from "./store-dialect.js";
import { countSnapshots, storeSnapshotCounts } from "./snapshot-counts.js";
import { SnapshotTally } from "./snapshot-tally.js";
import { type BuildOrigin, ProvenanceFold, originKey } from "./provenance-fold.js";
import { readProvenanceSummaries, storeProvenanceSummary, writeProvenanceSummary } from "./provenance-summary.js";
import { clearSourceBuilds, finishSourceBuilds, insertSourceBuilds, writeSourceBuilds } from "./source-builds.js";

// Rows buffered before each bulk insert.
const BATCH = 1024;

/** The packages columns, in the order writeSnapshot lists each row's values. */
const PACKAGE_COLUMNS = [
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
] as const;

/** A row of the previous snapshot, as the diff against it needs it. */
interface CarriedRow {
  readonly id: number;
  readonly build: string;
  readonly fileTime: number | null;
  readonly firstSeen: string;
  readonly firstSnapshotId: number;
  readonly origin: BuildOrigin;
  /** Its source RPM, else its name: what the provenance summary counts as one build. */
  readonly builtAs: string;
}

/** A build of a NEVRA as primary.xml tells it: the file's checksum and where it lies. */
function buildKey(checksum: string, location: string): string {
  return `${checksum}\u0000${location}`;
}

function nevraKey(name: string, epoch: number, version: string, release: string, arch: string): string {
  return `${name}\u0000${epoch}\u0000${version}\u0000${release}\u0000${arch}`;
}

/**
 * Writes what a sync saw: a new snapshot with its packages, or, for an
 * unchanged repomd.xml, only the times it was seen again.
 *
 * @example
 * const counts = await new SnapshotWriter(db, portableDialect).writeSnapshot(input, batches);
 */
export class SnapshotWriter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** An unchanged repomd.xml: only the last-seen times move. */
  async markUnchanged(latest: LatestSnapshot, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction().execute((trx) => markSeen(trx, latest.repositoryId, latest.id, at));
  }

  /**
   * Stores a new snapshot in one transaction: either every package of it is
   * stored, or (on any error from the parser or the database) nothing is.
   */
  async writeSnapshot(input: SnapshotInput, batches: AsyncIterable<readonly PackageRecord[]>): Promise<SnapshotCounts> {
    return this.db.transaction().execute(async (trx) => {
      const at = input.now.toISOString();
      const repositoryId = await ensureRepository(trx, input.key, at);
      // Two syncs of one repository never interleave: the second waits here for the first to
      // commit, then diffs against what the first stored.
      await this.dialect.lockRepository(trx, repositoryId);
      const previous = await trx
        .selectFrom("snapshots")
        .where("repository_id", "=", repositoryId)
        .orderBy("id", "desc")
        .select(["id", "repomd_checksum", "package_count"])
        .limit(1)
        .executeTakeFirst();
      if (
        input.basedOn !== undefined &&
        previous !== undefined &&
        previous.id !== input.basedOn &&
        previous.repomd_checksum === input.repomdChecksum
      ) {
        // Another writer stored this very repomd.xml while this one was downloading it: seen again.
        await markSeen(trx, repositoryId, previous.id, at);
        return {
          snapshotId: previous.id,
          packages: Number(previous.package_count),
          added: 0,
          removed: 0,
          changed: 0,
          unchanged: true,
        };
      }
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
          counts: null,
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

      // The diff against the previous snapshot is made in memory: its current
      // rows by NEVRA (a few MB even for 60,000 packages), so each incoming
      // package is either carried over or inserted once, in one pass.
      // Streamed, so that only the map is held, not the rows as well.
      // Each NEVRA's build is told by its checksum and location too: the same NEVRA with a new
      // checksum is a new build (a rebuild, or a re-signed file), a new location a moved file;
      // either is stored as a new row, and the old row ends with the previous snapshot.
      // A kept row's file time and first sighting are the stored ones (the rest of what the tally
      // needs is the same file's header, so the incoming listing's).
      const carried = new Map<string, CarriedRow>();
      let twoRowsOfOneNevra = false;
      if (previous !== undefined) {
        const rows = trx
          .selectFrom("packages")
          .where("repository_id", "=", repositoryId)
          .where("last_snapshot_id", "=", previous.id)
          .select([
            "id",
            "name",
            "epoch",
            "version",
            "release",
            "arch",
            "checksum",
            "location",
            "file_time",
            "first_seen",
            "first_snapshot_id",
            "buildhost",
            "packager",
            "vendor",
            "sourcerpm",
          ])
          .stream(4096);
        // Few distinct first sightings and build origins: one string or object each, not one per row.
        const seen = new Map<string, string>();
        const origins = new Map<string, BuildOrigin>();
        for await (const r of rows) {
          const nevra = nevraKey(r.name, Number(r.epoch), r.version, r.release, r.arch);
          // A NEVRA listed twice with two builds left two current rows: the fold would see one.
          if (carried.has(nevra)) twoRowsOfOneNevra = true;
          let firstSeen = seen.get(r.first_seen);
          if (firstSeen === undefined) seen.set(r.first_seen, (firstSeen = r.first_seen));
          const o = { buildhost: r.buildhost, packager: r.packager, vendor: r.vendor };
          const ok = originKey(o);
          let origin = origins.get(ok);
          if (origin === undefined) origins.set(ok, (origin = o));
          carried.set(nevra, {
            id: r.id,
            build: buildKey(r.checksum, r.location),
            fileTime: r.file_time === null ? null : Number(r.file_time),
            firstSeen,
            firstSnapshotId: Number(r.first_snapshot_id),
            origin,
            builtAs: r.sourcerpm ?? r.name,
          });
        }
      }
      // The provenance summary is folded too, from the previous snapshot's summary (its history)
      // and this diff; without a summary of the previous snapshot, SQL groups it at the end.
      const history =
        previous === undefined
          ? []
          : (
              await readProvenanceSummaries(trx as unknown as Kysely<unknown>, new Map([[repositoryId, previous.id]]))
            ).get(repositoryId)?.intervals;
      const provenance =
        history === undefined || twoRowsOfOneNevra
          ? null
          : new ProvenanceFold(snapshotId, history, previous?.id ?? null);
      // Rows of the previous snapshot taken out of `carried` (their NEVRA came with a new build).
      const replaced: CarriedRow[] = [];
      const previousCount = carried.size;
      let changed = 0;
      // Kept rows by id; a NEVRA listed twice maps to the same id. New rows listed twice are
      // dropped by the unique index (ON CONFLICT DO NOTHING): no set of every key is held.
      const keptIds = new Set<number>();
      // The counts and source builds, folded as rows go by; good only if every new row was
      // inserted (a NEVRA listed twice is dropped by the unique index: then SQL counts instead).
      const tally = new SnapshotTally();
      let sent = 0;
      let added = 0;
      let pending: BulkRow[] = [];
      const flush = async (): Promise<void> => {
        if (pending.length === 0) return;
        sent += pending.length;
        added += await this.dialect.bulk.insertIgnoringConflicts(
          trx as unknown as Kysely<unknown>,
          "packages",
          PACKAGE_COLUMNS,
          pending,
        );
        pending = [];
      };
      const raw = trx as unknown as Kysely<unknown>;
      // Source builds are stored as each batch shows them, while the parser makes the next
      // batch, rather than all after the last one (0.1 s of a 60,000-package sync's end).
      await clearSourceBuilds(raw, repositoryId);
      for await (const batch of batches) {
        await insertSourceBuilds(raw, this.dialect.bulk, repositoryId, snapshotId, tally.newSourceBuilds());
        for (const p of batch) {
          if (carried.size > 0) {
            const nevra = nevraKey(p.name, p.epoch, p.version, p.release, p.arch);
            const before = carried.get(nevra);
            if (before !== undefined && before.build === buildKey(p.checksum, p.location)) {
              if (!keptIds.has(before.id)) {
                keptIds.add(before.id);
                tally.add(
                  p.name,
                  p.epoch,
                  p.version,
                  p.release,
                  p.arch,
                  p.sourcerpm,
                  before.fileTime,
                  before.firstSeen,
                );
                provenance?.current(before.firstSnapshotId, before.origin, before.fileTime, before.builtAs);
              }
              continue;
            }
            if (before !== undefined) {
              // Counted once: a second listing of the NEVRA is a new row, dropped by the unique index.
              changed++;
              carried.delete(nevra);
              replaced.push(before);
            }
          }
          pending.push([
            repositoryId,
            p.name,
            p.epoch,
            p.version,
            p.release,
            p.arch,
            p.checksumType,
            p.checksum,
            p.summary,
            p.url,
            p.packager,
            p.license,
            p.vendor,
            p.group,
            p.buildhost,
            p.sourcerpm,
            p.location,
            p.fileTime,
            p.buildTime,
            p.packageSize,
            p.installedSize,
            at,
            at,
            snapshotId,
            snapshotId,
          ]);
          tally.add(p.name, p.epoch, p.version, p.release, p.arch, p.sourcerpm, p.fileTime, at);
          provenance?.current(snapshotId, p, p.fileTime, p.sourcerpm ?? p.name);
          if (pending.length >= BATCH) await flush();
        }
      }
      await flush();
      const kept = [...keptIds];
      for (let i = 0; i < kept.length; i += 500) {
        await trx
          .updateTable("packages")
          .set({ last_seen: at, last_snapshot_id: snapshotId })
          .where("id", "in", kept.slice(i, i + 500))
          .execute();
      }
      // A repository may list one NEVRA twice; like dnf, the first is kept: `added` is what was stored.
      const total = kept.length + added;
      await trx.updateTable("snapshots").set({ package_count: total }).where("id", "=", snapshotId).execute();
      if (added === sent) {
        await storeSnapshotCounts(raw, snapshotId, tally.counts());
        await finishSourceBuilds(raw, this.dialect.bulk, repositoryId, snapshotId, tally);
      } else {
        await countSnapshots(raw, snapshotId);
        await writeSourceBuilds(raw, repositoryId, snapshotId);
      }
      if (added === sent && provenance !== null) {
        if (previous !== undefined) {
          for (const rows of [carried.values(), replaced])
            for (const r of rows)
              if (!keptIds.has(r.id)) provenance.ended(r.firstSnapshotId, previous.id, r.origin, r.fileTime);
        }
        await storeProvenanceSummary(raw, repositoryId, provenance.summary());
      } else await writeProvenanceSummary(raw, repositoryId, snapshotId);
      return {
        snapshotId,
        packages: total,
        added: added - changed,
        removed: previousCount - kept.length - changed,
        changed,
      };
    });
  }
}

/** The snapshot was seen again at `at`: its check time and its packages' last-seen times move. */
async function markSeen(
  trx: Transaction<Database>,
  repositoryId: number,
  snapshotId: number,
  at: string,
): Promise<void> {
  await trx.updateTable("snapshots").set({ checked_at: at }).where("id", "=", snapshotId).execute();
  await trx
    .updateTable("packages")
    .set({ last_seen: at })
    .where("repository_id", "=", repositoryId)
    .where("last_snapshot_id", "=", snapshotId)
    .execute();
}

/** The id of the repository, added on its first snapshot (a second writer's row is kept, not doubled). */
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
