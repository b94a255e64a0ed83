import { type Kysely, sql } from "kysely";
import type { RepoKey } from "../catalog/repo-key.js";
import type { AdvisoryRecord } from "../model/advisory-record.js";
import type { CurrentRow } from "../model/current-row.js";
import type { LatestSnapshot } from "../model/latest-snapshot.js";
import type { PackageCounts } from "../model/package-counts.js";
import type { PackageRecord } from "../model/package-record.js";
import type { SnapshotCounts, SnapshotInput } from "../model/snapshot-input.js";
import type { SourceRow } from "../model/source-row.js";
import type { StoredAdvisory } from "../model/stored-advisory.js";
import type { StoredPackage } from "../model/stored-package.js";
import type { StoredReleaseDate } from "../model/stored-release-date.js";
import type { StoredRepository } from "../model/stored-repository.js";
import { type BulkInsert, portableBulkInsert } from "./bulk-insert.js";
import { CurrentPackages } from "./current-packages.js";
import type { Database } from "./database.js";
import { latestSnapshotOf } from "./latest-snapshot-of.js";
import { listRepositories } from "./list-repositories.js";
import { migrateStore } from "./migrate-store.js";
import { type EarliestBuild, PackageHistory } from "./package-history.js";
import { SnapshotWriter } from "./snapshot-writer.js";
import { storeFingerprint } from "./store-fingerprint.js";

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
  private readonly snapshots: SnapshotWriter;
  private readonly packages: CurrentPackages;
  private readonly history: PackageHistory;

  private constructor(
    readonly db: Kysely<Database>,
    bulk: BulkInsert,
  ) {
    this.snapshots = new SnapshotWriter(db, bulk);
    this.packages = new CurrentPackages(db);
    this.history = new PackageHistory(db);
  }

  /** Brings the schema up to date and returns the store. */
  static async open(db: Kysely<Database>, bulk: BulkInsert = portableBulkInsert): Promise<Store> {
    await migrateStore(db);
    return new Store(db, bulk);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** The newest snapshot of `key`, or null when it was never synced. */
  latestSnapshot(key: RepoKey): Promise<LatestSnapshot | null> {
    return latestSnapshotOf(this.db, key);
  }

  /** An unchanged repomd.xml: only the last-seen times move. */
  markUnchanged(latest: LatestSnapshot, now: Date): Promise<void> {
    return this.snapshots.markUnchanged(latest, now);
  }

  /** Stores a new snapshot in one transaction: all of its packages or nothing. */
  writeSnapshot(input: SnapshotInput, batches: AsyncIterable<readonly PackageRecord[]>): Promise<SnapshotCounts> {
    return this.snapshots.writeSnapshot(input, batches);
  }

  /** A short text that changes whenever anything is written to the store. */
  fingerprint(): Promise<string> {
    return storeFingerprint(this.db);
  }

  /** Packages present in the newest snapshot of `key`, sorted by name, EVR text and arch. */
  listPackages(key: RepoKey, options: { name?: string } = {}): Promise<readonly StoredPackage[] | null> {
    return this.packages.listPackages(key, options);
  }

  /** Every package in the newest snapshot of each repository of `distro` (optionally only some releases). */
  currentRows(distro: string, releases?: readonly string[]): Promise<readonly CurrentRow[]> {
    return this.packages.currentRows(distro, releases);
  }

  /** The source builds in the newest snapshot of each repository of `distro`, one row per repository and source RPM. */
  currentSourceRows(
    distro: string,
    releases?: readonly string[],
    options: { sourceName?: string } = {},
  ): Promise<readonly SourceRow[]> {
    return this.packages.currentSourceRows(distro, releases, options);
  }

  /** Package counts of each repository's newest snapshot, by repository key. */
  packageCounts(): Promise<ReadonlyMap<string, PackageCounts>> {
    return this.packages.packageCounts();
  }

  /** Replaces every date `sourceKind` gave for `distro` with `dates`, in one transaction. */
  async replaceReleaseDates(
    distro: string,
    sourceKind: string,
    source: string,
    dates: readonly { release: string; stage: string; date: string }[],
    now: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom("release_dates")
        .where("distro", "=", distro)
        .where("source_kind", "=", sourceKind)
        .execute();
      const seen = new Set<string>();
      for (const d of dates) {
        const key = `${d.release}|${d.stage}`;
        // A source listing one release twice keeps its first date.
        if (seen.has(key)) continue;
        seen.add(key);
        await trx
          .insertInto("release_dates")
          .values({
            distro,
            release: d.release,
            stage: d.stage,
            date: d.date,
            source_kind: sourceKind,
            source,
            imported_at: now.toISOString(),
          })
          .execute();
      }
    });
  }

  /**
   * Stores advisories in one transaction. An advisory seen before keeps its
   * earliest first-seen times (git and observer); its other fields are replaced.
   */
  async upsertAdvisories(
    distro: string,
    sourceKind: string,
    source: string,
    items: readonly { advisory: Extract<AdvisoryRecord, { kind: "advisory" }>; firstSeenGit: string | null }[],
    now: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { advisory: a, firstSeenGit } of items) {
        const old = await trx
          .selectFrom("advisories")
          .where("distro", "=", distro)
          .where("id", "=", a.id)
          .select(["first_seen_git", "first_seen_observer"])
          .executeTakeFirst();
        const minOf = (x: string | null | undefined, y: string | null): string | null =>
          x === null || x === undefined ? y : y === null ? x : x < y ? x : y;
        const row = {
          distro,
          id: a.id,
          type: a.type,
          severity: a.severity,
          summary: a.summary,
          issued: a.issued,
          updated: a.updated,
          first_seen_git: minOf(old?.first_seen_git, firstSeenGit),
          first_seen_observer: minOf(old?.first_seen_observer, now.toISOString()) ?? now.toISOString(),
          source_kind: sourceKind,
          source,
        };
        await trx.deleteFrom("advisories").where("distro", "=", distro).where("id", "=", a.id).execute();
        await trx.deleteFrom("advisory_refs").where("distro", "=", distro).where("id", "=", a.id).execute();
        await trx.deleteFrom("advisory_packages").where("distro", "=", distro).where("id", "=", a.id).execute();
        await trx.insertInto("advisories").values(row).execute();
        const refs = [...new Set([...a.cves, ...a.upstreamIds])];
        if (refs.length > 0)
          await trx
            .insertInto("advisory_refs")
            .values(refs.map((ref) => ({ distro, id: a.id, ref })))
            .execute();
        const pk = a.packages.filter((p, i, arr) => arr.findIndex((q) => q.name === p.name && q.evr === p.evr) === i);
        if (pk.length > 0) {
          await trx
            .insertInto("advisory_packages")
            .values(pk.map((p) => ({ distro, id: a.id, name: p.name, evr: p.evr, major: p.major })))
            .execute();
        }
      }
    });
  }

  /** Every advisory of `distro` with its references and package majors. */
  async advisories(distro: string): Promise<readonly StoredAdvisory[]> {
    const rows = await this.db
      .selectFrom("advisories")
      .where("distro", "=", distro)
      .selectAll()
      .orderBy("id")
      .execute();
    const refs = await this.db.selectFrom("advisory_refs").where("distro", "=", distro).select(["id", "ref"]).execute();
    const pkgs = await this.db
      .selectFrom("advisory_packages")
      .where("distro", "=", distro)
      .select(["id", "name", "evr", "major"])
      .execute();
    const refsBy = new Map<string, string[]>();
    for (const r of refs) (refsBy.get(r.id) ?? refsBy.set(r.id, []).get(r.id))?.push(r.ref);
    const majorsBy = new Map<string, string[]>();
    const packagesBy = new Map<string, { name: string; evr: string }[]>();
    for (const m of pkgs) {
      const list = majorsBy.get(m.id) ?? majorsBy.set(m.id, []).get(m.id);
      if (m.major !== null && list !== undefined && !list.includes(m.major)) list.push(m.major);
      (packagesBy.get(m.id) ?? packagesBy.set(m.id, []).get(m.id))?.push({ name: m.name, evr: m.evr });
    }
    return rows.map((r) => {
      const all = (refsBy.get(r.id) ?? []).sort();
      return {
        distro: r.distro,
        id: r.id,
        type: r.type,
        severity: r.severity,
        summary: r.summary,
        issued: r.issued,
        updated: r.updated,
        firstSeenGit: r.first_seen_git,
        firstSeenObserver: r.first_seen_observer,
        sourceKind: r.source_kind,
        cves: all.filter((x) => x.startsWith("CVE-")),
        upstreamIds: all.filter((x) => !x.startsWith("CVE-")),
        majors: (majorsBy.get(r.id) ?? []).sort(),
        packages: packagesBy.get(r.id) ?? [],
      };
    });
  }

  /**
   * Advisories of `distro` that name a fixed package build no synced repository
   * of `distro` has ever carried (any snapshot). Empty when nothing of it is synced.
   */
  async advisoriesWithUnseenPackages(distro: string): Promise<readonly { id: string; packages: readonly string[] }[]> {
    const synced = await this.db
      .selectFrom("repositories")
      .where("distro", "=", distro)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(synced.n) === 0) return [];
    const rows = await this.db
      .selectFrom("advisory_packages as a")
      .where("a.distro", "=", distro)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("packages as p")
              .innerJoin("repositories as r", "r.id", "p.repository_id")
              .where("r.distro", "=", distro)
              .whereRef("p.name", "=", "a.name")
              .where(
                sql<boolean>`(case when p.epoch > 0 then p.epoch || ':' else '' end) || p.version || '-' || p.release = a.evr`,
              )
              .select(sql`1`.as("one")),
          ),
        ),
      )
      .select(["a.id", "a.name", "a.evr"])
      .orderBy("a.id")
      .orderBy("a.name")
      .execute();
    const by = new Map<string, string[]>();
    for (const r of rows) (by.get(r.id) ?? by.set(r.id, []).get(r.id))?.push(`${r.name}-${r.evr}`);
    return [...by].map(([id, packages]) => ({ id, packages }));
  }

  /** Every build of the named packages that any repository of `distro` has carried, with its earliest times. */
  buildsNamed(distro: string, names: readonly string[]): Promise<readonly EarliestBuild[]> {
    return this.history.buildsNamed(distro, names);
  }

  /** Every stored release date, sorted by distro, release, source kind. */
  async releaseDates(): Promise<readonly StoredReleaseDate[]> {
    const rows = await this.db
      .selectFrom("release_dates")
      .selectAll()
      .orderBy("distro")
      .orderBy("release")
      .orderBy("source_kind")
      .execute();
    return rows.map((r) => ({
      distro: r.distro,
      release: r.release,
      stage: r.stage,
      date: r.date,
      sourceKind: r.source_kind,
      source: r.source,
      importedAt: r.imported_at,
    }));
  }

  /** Earliest file time (Unix seconds) of each version of package `name` in `distro`'s repositories, any snapshot. */
  firstFileTimes(
    distro: string,
    name: string,
  ): Promise<readonly { version: string; fileTime: number; repo: string }[]> {
    return this.history.firstFileTimes(distro, name);
  }

  /** Every repository in the store with its newest snapshot's figures, sorted by key. */
  listRepositories(): Promise<readonly StoredRepository[]> {
    return listRepositories(this.db);
  }
}
