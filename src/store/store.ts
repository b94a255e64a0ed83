import { type Kysely, sql } from "#kysely";
import type { RepoKey } from "../model/repo-key.js";
import type { CurrentRow } from "../model/current-row.js";
import type { LatestSnapshot } from "../model/latest-snapshot.js";
import type { PackageCounts } from "../model/package-counts.js";
import type { PackageRecord } from "../model/package-record.js";
import type { SnapshotCounts, SnapshotInput } from "../model/snapshot-input.js";
import type { SourceBuild } from "../model/source-build.js";
import type { SourceRowBatch } from "../model/source-row.js";
import type { ClockAdvisories } from "../model/clock-advisories.js";
import type { StoredAdvisory } from "../model/stored-advisory.js";
import type { StoredPackage } from "../model/stored-package.js";
import type { StoredReleaseDate } from "../model/stored-release-date.js";
import type { StoredRepository } from "../model/stored-repository.js";
import { AdvisoryStore } from "./advisory-store.js";
import { BuildFolds } from "./build-folds.js";
import { CurrentPackages } from "./current-packages.js";
import type { Database } from "./database.js";
import { type HistoryRange, historyRange } from "./history-range.js";
import { latestSnapshotOf } from "./latest-snapshot-of.js";
import { listRepositories } from "./list-repositories.js";
import { migrateStore } from "./migrate-store.js";
import type { EarliestBuild } from "../model/earliest-build.js";
import { PackageHistory } from "./package-history.js";
import type { ProvenanceInput } from "../model/provenance-input.js";
import { provenanceRows } from "./provenance-rows.js";
import type { PackageSignature, SignatureSample } from "../model/package-signature.js";
import { recordSignatures, signatureSample, storedSignatures } from "./package-signature-store.js";
import type { FactPageRead } from "../model/fact-page-read.js";
import { factPages, recordFactPages } from "./fact-page-store.js";
import { ReleaseDateStore } from "./release-date-store.js";
import { SnapshotWriter } from "./snapshot-writer.js";
import { SourceCursors } from "./source-cursors.js";
import { portableDialect, type StoreDialect } from "./store-dialect.js";
import { storeFingerprint } from "./store-fingerprint.js";

/**
 * The history store. SQL is written through Kysely with portable constructs
 * (temporary tables, INSERT ... SELECT, ON CONFLICT DO NOTHING) so that a
 * PostgreSQL dialect can be put in without touching the queries.
 *
 * This class only opens the store and hands each call to the part that owns
 * it (snapshots, current packages, package history, advisories, release
 * dates), so that callers keep one object while each part stays small.
 * The two writers with long parameter lists take their part's parameters
 * as they are, so that the facade and the part cannot drift apart.
 *
 * @example
 * const store = await Store.open(kysely);
 * await store.listPackages(parseRepoKey("almalinux:9/BaseOS/x86_64"));
 */
export class Store {
  private readonly snapshots: SnapshotWriter;
  private readonly packages: CurrentPackages;
  private readonly history: PackageHistory;
  private readonly advisoryStore: AdvisoryStore;
  private readonly releaseDateStore: ReleaseDateStore;
  private readonly cursors: SourceCursors;
  private readonly folds: BuildFolds;

  private constructor(
    readonly db: Kysely<Database>,
    readonly dialect: StoreDialect,
    /** Where the store lives, as it may be printed (a URL without its password). */
    readonly location: string,
    /**
     * The time this view reads the history as of (ISO 8601 UTC), or null for the newest state:
     * see {@link Store.at}.
     */
    readonly asOf: string | null = null,
  ) {
    this.snapshots = new SnapshotWriter(db, dialect);
    this.packages = new CurrentPackages(db, asOf);
    this.history = new PackageHistory(db, asOf);
    this.advisoryStore = new AdvisoryStore(db, asOf);
    this.releaseDateStore = new ReleaseDateStore(db, asOf);
    this.cursors = new SourceCursors(db);
    this.folds = new BuildFolds(db, dialect, this.packages, asOf);
  }

  /**
   * The same store read as it stood at `asOf` (null: the newest state): each repository's
   * snapshot fetched last by then and the packages present in it, builds first seen by then,
   * advisories and release dates known by then. The view shares this store's connection (closing
   * either closes both) and is for reading; the mirror and image stores take its `asOf` too.
   *
   * @example
   * const then = store.at(new Date("2025-06-30T23:59:59.999Z"));
   * await then.listRepositories(); // the repositories synced by then, with the snapshot current then
   */
  at(asOf: Date | null): Store {
    return new Store(this.db, this.dialect, this.location, asOf === null ? null : asOf.toISOString());
  }

  /** Brings the schema up to date and returns the store. */
  static async open(
    db: Kysely<Database>,
    dialect: StoreDialect = portableDialect,
    options: { location?: string } = {},
  ): Promise<Store> {
    const location = options.location ?? "store";
    await migrateStore(db, location);
    return new Store(db, dialect, location);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** The newest snapshot of `key`, or null when it was never synced. */
  latestSnapshot(key: RepoKey): Promise<LatestSnapshot | null> {
    return latestSnapshotOf(this.db, key, this.asOf);
  }

  /** An unchanged repomd.xml: only the last-seen times move. */
  markUnchanged(latest: LatestSnapshot, now: Date): Promise<void> {
    return this.snapshots.markUnchanged(latest, now);
  }

  /** Stores a new snapshot in one transaction: all of its packages or nothing. */
  writeSnapshot(input: SnapshotInput, batches: AsyncIterable<readonly PackageRecord[]>): Promise<SnapshotCounts> {
    return this.snapshots.writeSnapshot(input, batches);
  }

  #fingerprintGate: { readonly at: string; readonly fingerprint: string } | null = null;

  /**
   * A short text that changes whenever anything is written to the store. Asked before every
   * answer; on SQLite it is computed again only when the file has changed since (another
   * connection's commit moves `data_version`, this one's writes move `total_changes()`:
   * https://www.sqlite.org/pragma.html#pragma_data_version), so a cached answer costs one cheap query.
   */
  async fingerprint(): Promise<string> {
    if (this.dialect.name !== "sqlite") return storeFingerprint(this.db);
    const gate = await sql<{ c: number; v: number }>`select total_changes() as c,
      (select data_version from pragma_data_version) as v`.execute(this.db);
    const at = `${gate.rows[0]?.v ?? ""}:${gate.rows[0]?.c ?? ""}`;
    if (this.#fingerprintGate?.at === at) return this.#fingerprintGate.fingerprint;
    const fingerprint = await storeFingerprint(this.db);
    this.#fingerprintGate = { at, fingerprint };
    return fingerprint;
  }

  /** Packages present in the newest snapshot of `key`, sorted by name, EVR text and arch. */
  listPackages(key: RepoKey, options: { name?: string } = {}): Promise<readonly StoredPackage[] | null> {
    return this.packages.listPackages(key, options);
  }

  /** Every package in the newest snapshot of each repository of `distro` (optionally only some releases). */
  currentRows(distro: string, releases?: readonly string[]): Promise<readonly CurrentRow[]> {
    return this.packages.currentRows(distro, releases);
  }

  /** The source builds in the newest snapshot of each repository of `distro`, a batch of rows at a time. */
  sourceRowBatches(
    distro: string,
    releases?: readonly string[],
    options: { sourceName?: string } = {},
  ): AsyncGenerator<SourceRowBatch, void, undefined> {
    return this.packages.sourceRowBatches(distro, releases, options);
  }

  /** What a kept fold of `distro`'s source builds over `releases` is of; null when none may be kept (see BuildFolds). */
  buildFoldFingerprint(distro: string, releases: readonly string[]): Promise<string | null> {
    return this.folds.fingerprint(distro, releases);
  }

  /** Every kept fold: its distribution, releases and the fingerprint it was folded for. */
  keptBuildFolds(): Promise<{ distro: string; releases: string[]; fingerprint: string }[]> {
    return this.folds.kept();
  }

  /** The source builds kept for `fingerprint`, or null. */
  keptBuildFold(distro: string, releases: readonly string[], fingerprint: string): Promise<SourceBuild[] | null> {
    return this.folds.get(distro, releases, fingerprint);
  }

  /** Keeps folded source builds for the next reader, if the store takes them without waiting. */
  keepBuildFold(
    distro: string,
    releases: readonly string[],
    fingerprint: string,
    builds: readonly SourceBuild[],
    now: Date,
  ): Promise<boolean> {
    return this.folds.keep(distro, releases, fingerprint, builds, now);
  }

  /** Package counts of each repository's newest snapshot, by repository key. */
  packageCounts(): Promise<ReadonlyMap<string, PackageCounts>> {
    return this.packages.packageCounts();
  }

  /** Replaces every date `sourceKind` gave for `distro` with `dates`, in one transaction. */
  replaceReleaseDates(...args: Parameters<ReleaseDateStore["replaceReleaseDates"]>): Promise<void> {
    return this.releaseDateStore.replaceReleaseDates(...args);
  }

  /** Replaces every date `sourceKind` gave for several distributions at once, in one transaction. */
  replaceReleaseDateSets(...args: Parameters<ReleaseDateStore["replaceReleaseDateSets"]>): Promise<void> {
    return this.releaseDateStore.replaceReleaseDateSets(...args);
  }

  /** Stores advisories in one transaction, keeping each one's earliest first-seen times. */
  upsertAdvisories(...args: Parameters<AdvisoryStore["upsertAdvisories"]>): Promise<void> {
    return this.advisoryStore.upsertAdvisories(...args);
  }

  /** Every advisory of `distro` with its references and package majors. */
  advisories(distro: string): Promise<readonly StoredAdvisory[]> {
    return this.advisoryStore.advisories(distro);
  }

  /** What the upstream clock reads of `distro`'s advisories, as the upstream or as a rebuild. */
  clockAdvisories(distro: string, as: "upstream" | "rebuild"): Promise<ClockAdvisories> {
    return this.advisoryStore.clockAdvisories(distro, as);
  }

  /** Advisories of `distro` that name a fixed build no synced repository of `distro` has carried. */
  advisoriesWithUnseenPackages(distro: string): Promise<readonly { id: string; packages: readonly string[] }[]> {
    return this.advisoryStore.advisoriesWithUnseenPackages(distro);
  }

  /** Where an incrementally read live source stopped, or null before its first complete run. */
  sourceCursor(kind: string, distro: string, location: string): Promise<string | null> {
    return this.cursors.get(kind, distro, location);
  }

  /** Sets where a live source stopped, once the data it covers is stored. */
  setSourceCursor(...args: Parameters<SourceCursors["set"]>): Promise<void> {
    return this.cursors.set(...args);
  }

  /** Every build of the named packages that any repository of `distro` has carried, with its earliest times. */
  buildsNamed(distro: string, names: readonly string[]): Promise<readonly EarliestBuild[]> {
    return this.history.buildsNamed(distro, names);
  }

  /** Every stored release date, sorted by distro, release, source kind. */
  releaseDates(): Promise<readonly StoredReleaseDate[]> {
    return this.releaseDateStore.releaseDates();
  }

  /** Earliest file time (Unix seconds) of each version of package `name` in `distro`'s repositories, any snapshot. */
  firstFileTimes(
    distro: string,
    name: string,
  ): Promise<readonly { version: string; fileTime: number; repo: string }[]> {
    return this.history.firstFileTimes(distro, name);
  }

  /** When each kind of history begins and ends (of some distributions only), whatever this view's as-of. */
  historyRange(distros?: readonly string[]): Promise<HistoryRange> {
    return historyRange(this.db, distros);
  }

  /** Every repository in the store with its newest snapshot's figures, sorted by key. */
  listRepositories(): Promise<readonly StoredRepository[]> {
    return listRepositories(this.db, this.asOf);
  }

  /** Build host, packager and vendor of `distro`'s packages, grouped per presence interval, with the snapshots. */
  provenanceRows(distro: string, releases?: readonly string[]): Promise<ProvenanceInput> {
    return provenanceRows(this.db, distro, releases);
  }

  /** `perRepository` packages of each newest snapshot of `distro` to read signatures of, in checksum order. */
  signatureSample(
    distro: string,
    releases: readonly string[],
    perRepository: number,
  ): Promise<readonly SignatureSample[]> {
    return signatureSample(this.db, distro, releases, perRepository);
  }

  /** Stores signature reads, replacing earlier reads of the same package files. */
  recordSignatures(rows: readonly PackageSignature[]): Promise<void> {
    return recordSignatures(this.db, rows);
  }

  /** The stored signature reads of `distro`, sorted by repository and location. */
  storedSignatures(distro: string, releases?: readonly string[]): Promise<readonly PackageSignature[]> {
    return storedSignatures(this.db, distro, releases);
  }

  /** The stored reads of the pages facts cite (`facts --check --fetch`), sorted by URL. */
  factPages(): Promise<readonly FactPageRead[]> {
    return factPages(this.db);
  }

  /** Stores page reads, replacing the earlier row of each URL. */
  recordFactPages(reads: readonly FactPageRead[]): Promise<void> {
    return recordFactPages(this.db, reads);
  }
}
