import type { Generated } from "kysely";

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
  advisory_packages: { distro: string; id: string; name: string; evr: string; major: string | null };
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
