import type { Generated } from "#kysely";

/** The store's tables, as Kysely sees them. Times are ISO 8601 UTC strings; metadata times are Unix seconds. */
export interface Database {
  repositories: RepositoriesTable;
  snapshots: SnapshotsTable;
  packages: PackagesTable;
  metadata_files: MetadataFilesTable;
  blobs: BlobsTable;
  release_dates: ReleaseDatesTable;
  advisories: AdvisoriesTable;
  advisory_refs: { distro: string; id: string; ref: string };
  advisory_packages: AdvisoryPackagesTable;
  mirror_snapshots: MirrorSnapshotsTable;
  mirror_entries: MirrorEntriesTable;
  mirror_references: MirrorReferencesTable;
  probe_runs: ProbeRunsTable;
  probe_results: ProbeResultsTable;
  image_imports: ImageImportsTable;
  image_entries: ImageEntriesTable;
  popularity: PopularityTable;
  source_cursors: SourceCursorsTable;
  source_builds: SourceBuildsTable;
  source_build_packs: SourceBuildPacksTable;
  build_folds: BuildFoldsTable;
  provenance_summaries: ProvenanceSummariesTable;
  package_signatures: PackageSignaturesTable;
  stored_answers: StoredAnswersTable;
  answer_refreshes: AnswerRefreshesTable;
  migration_data: MigrationDataTable;
  fact_pages: FactPagesTable;
  alert_firings: AlertFiringsTable;
  alert_deliveries: AlertDeliveriesTable;
}

/** The hash of the text of a page a fact cites: at the baseline read and at the newest (migration 0015). */
export interface FactPagesTable {
  url: string;
  baseline_hash: string;
  baseline_read_at: string;
  baseline_checked: string | null;
  latest_hash: string;
  latest_read_at: string;
}

/** One firing of a watch rule for a subject, open while resolved_at is null (migration 0013). */
export interface AlertFiringsTable {
  id: Generated<number>;
  rule: string;
  kind: string;
  subject: string;
  fired_at: string;
  resolved_at: string | null;
  figure: number;
  unit: string;
  measure: string;
  threshold: number;
  message: string;
  source: string;
  clock: string;
  as_of: string | null;
}

/** One delivery of a firing to a notify entry: delivered or failed, after how many attempts (migration 0013). */
export interface AlertDeliveriesTable {
  id: Generated<number>;
  firing_id: number;
  target: string;
  status: string;
  attempts: number;
  error: string | null;
  at: string;
}

/** One record of leapp's data (repository map, PES event, device driver entry) of a distribution (migration 0011). */
export interface MigrationDataTable {
  distro: string;
  source_kind: string;
  source: string;
  imported_at: string;
  seq: number;
  /** The record as JSON. */
  record: string;
}

/** The signature header of one sampled package, as read by a range request (migration 0012). */
export interface PackageSignaturesTable {
  /** The repository key, distro:release/repo/arch. */
  repository: string;
  distro: string;
  release: string;
  location: string;
  nevra: string;
  checked_at: string;
  /** signed, unsigned, or error (unreadable: problem says why). */
  status: string;
  sig_tag: string | null;
  key_id: string | null;
  fingerprint: string | null;
  algorithm: string | null;
  hash: string | null;
  bytes_read: number | null;
  problem: string | null;
}

/** A repository's build provenance grouped at its newest snapshot (migration 0018, src/store/provenance-summary.ts), JSON. */
export interface ProvenanceSummariesTable {
  repository_id: number;
  snapshot_id: number;
  intervals: string;
  builds: string;
}

/** A distribution's source builds folded over some releases' repositories (migration 0019). */
export interface BuildFoldsTable {
  /** The distribution and the releases, e.g. "rocky 9,9.4,9.5". */
  key: string;
  /** The newest snapshots it was folded from (see BuildFolds). */
  fingerprint: string;
  build_count: number;
  computed_at: string;
  body: Uint8Array;
}

/** A newest snapshot's source builds as one UTF-8 blob (migration 0017, src/store/source-build-pack.ts). */
export interface SourceBuildPacksTable {
  snapshot_id: number;
  repository_id: number;
  row_count: number;
  body: Uint8Array;
}

/** One source build of a repository's newest snapshot, from its packages (migration 0010). */
export interface SourceBuildsTable {
  snapshot_id: number;
  repository_id: number;
  /** The source RPM, as dnf names it: bash-5.1.8-9.el9.src.rpm. */
  sourcerpm: string;
  /** The highest epoch, earliest file time (Unix seconds) and first sighting of its packages. */
  epoch: number;
  file_time: number | null;
  first_seen: string;
}

/** An answer kept until the data it was computed from changes (migration 0009). */
export interface StoredAnswersTable {
  /** The request it answers, canonical: path and sorted non-empty parameters. */
  key: string;
  /** The distributions it reads, as a JSON array; `["*"]` for every one. */
  scope: string;
  /** The state of the scope's data it was computed from (scopeFingerprint). */
  fingerprint: string;
  computed_at: string;
  type: string;
  body: string;
}

/** A command that will refresh the stored answers of `distro` once its writes commit. */
export interface AnswerRefreshesTable {
  distro: string;
  owner: string;
  started_at: string;
}

/** One fixed package of an advisory; arch, repository and stream are "" when the source names none. */
export interface AdvisoryPackagesTable {
  distro: string;
  id: string;
  name: string;
  evr: string;
  major: string | null;
  arch: Generated<string>;
  stream: Generated<string>;
  repository: Generated<string>;
  release: string | null;
}

/** Where an incrementally read live source stopped (CSAF: the newest changes.csv time taken). */
export interface SourceCursorsTable {
  source_kind: string;
  distro: string;
  location: string;
  cursor: string;
  updated_at: string;
}

export interface ImageImportsTable {
  id: Generated<number>;
  distro: string;
  source_kind: string;
  source: string;
  observed_at: string;
}

export interface ImageEntriesTable {
  import_id: number;
  channel: string;
  name: string;
  type: string;
  release: string | null;
  arch: string | null;
  location: string | null;
  publisher: string | null;
  published: string | null;
  size: number | null;
}

export interface PopularityTable {
  distro: string;
  metric: string;
  subject: string;
  date: string;
  value: number;
  source_kind: string;
  source: string;
  /** How the figure was read, when its file says (migration 0016). */
  note: string | null;
  imported_at: string;
}

export interface MirrorSnapshotsTable {
  id: Generated<number>;
  distro: string;
  source_kind: string;
  source: string;
  observed_at: string;
  imported_at: string;
  checked_at: string;
  detail: "full" | "count";
  content_hash: string | null;
  mirror_count: number;
  warnings: number;
}

export interface MirrorEntriesTable {
  snapshot_id: number;
  name: string;
  scope: string;
  http: string | null;
  https: string | null;
  rsync: string | null;
  ftp: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  continent: string | null;
  sponsor: string | null;
  sponsor_url: string | null;
  private: number;
  update_frequency_hours: number | null;
  ipv6: number | null;
  asn: number | null;
  cloud: string | null;
  preference: number | null;
}

export interface MirrorReferencesTable {
  snapshot_id: number;
  file: string;
  timestamp: number | null;
  size: number | null;
  /** JSON: {"sha256": "..."} */
  hashes: string;
  /** JSON: [{timestamp, size, hashes}] */
  alternates: string;
}

export interface ProbeRunsTable {
  id: Generated<number>;
  distro: string;
  target: string;
  started_at: string;
  finished_at: string;
  reference_url: string | null;
  reference_checksum: string | null;
  reference_time: number | null;
  reference_source: string;
}

export interface ProbeResultsTable {
  run_id: number;
  mirror: string;
  url: string;
  status: string;
  detail: string | null;
  http_status: number | null;
  latency_ms: number | null;
  checksum: string | null;
  repomd_time: number | null;
  behind_hours: number | null;
  ipv6: number | null;
}

export interface AdvisoriesTable {
  distro: string;
  id: string;
  type: string;
  severity: string | null;
  summary: string;
  issued: string | null;
  updated: string | null;
  first_seen_git: string | null;
  feed_commit: string | null;
  feed_commit_files: number | null;
  own_published: string | null;
  own_published_from: string | null;
  first_seen_observer: string;
  source_kind: string;
  source: string;
}

export interface ReleaseDatesTable {
  distro: string;
  release: string;
  stage: string;
  date: string;
  source_kind: string;
  source: string;
  imported_at: string;
}

export interface RepositoriesTable {
  id: Generated<number>;
  key: string;
  distro: string;
  release: string;
  repo: string;
  arch: string;
  created_at: string;
}

export interface SnapshotsTable {
  id: Generated<number>;
  repository_id: number;
  source_url: string;
  revision: string | null;
  repomd_checksum: string;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
  checked_at: string;
  package_count: number;
  /** The snapshot's package counts as JSON (PackageCounts), written with it; null before migration 0008 backfilled it. */
  counts: string | null;
}

/** One row per NEVRA per repository per presence interval: present in every snapshot from first to last. */
export interface PackagesTable {
  id: Generated<number>;
  repository_id: number;
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
  first_seen: string;
  last_seen: string;
  first_snapshot_id: number;
  last_snapshot_id: number;
}

/** The metadata files of a snapshot, as repomd.xml listed and sync verified them. */
export interface MetadataFilesTable {
  snapshot_id: number;
  type: string;
  location: string;
  checksum_type: string;
  checksum: string;
  size: number | null;
  /** Raw (compressed) bytes kept for replay, for every file but the large primary/filelists/other. */
  blob_checksum: string | null;
}

export interface BlobsTable {
  checksum: string;
  content: Uint8Array;
}
