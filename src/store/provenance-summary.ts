import { type Kysely, sql } from "#kysely";
import type { ProvenanceBuilds, ProvenanceInterval } from "../model/provenance-input.js";
import { newestSnapshots } from "./newest-snapshots.js";

/**
 * One repository's build provenance grouped (migration 0018): its presence intervals per build
 * host, packager and vendor over its whole history, and the distinct builds of each in the
 * snapshot it was made at. Written when a sync commits that snapshot, so the report and
 * `provenance` read 15 small texts instead of grouping 450,000 package rows (two group-bys that
 * were 0.65 s of a 3.2 s report). Keys are left out: the reader knows the repository.
 */
export interface ProvenanceSummary {
  readonly snapshotId: number;
  readonly intervals: readonly Omit<ProvenanceInterval, "key">[];
  readonly builds: readonly Omit<ProvenanceBuilds, "key">[];
}

type Cell = string | number | null;

/**
 * Groups one repository's rows as of its snapshot `snapshotId` (its newest), in SQL.
 *
 * @example
 * const s = await groupProvenance(trx, repositoryId, snapshotId);
 */
export async function groupProvenance(
  db: Kysely<unknown>,
  repositoryId: number,
  snapshotId: number,
): Promise<ProvenanceSummary> {
  const intervals = await sql<Record<string, Cell>>`select first_snapshot_id, last_snapshot_id, buildhost, packager,
      vendor, count(*) as packages, min(file_time) as first_file_time
    from packages where repository_id = ${repositoryId}
    group by first_snapshot_id, last_snapshot_id, buildhost, packager, vendor`.execute(db);
  const builds = await sql<Record<string, Cell>>`select buildhost, packager, vendor,
      count(distinct coalesce(sourcerpm, name)) as builds
    from packages where repository_id = ${repositoryId} and last_snapshot_id = ${snapshotId}
    group by buildhost, packager, vendor`.execute(db);
  const text = (v: Cell | undefined): string | null => (v === null || v === undefined ? null : String(v));
  return sortedSummary({
    snapshotId,
    intervals: intervals.rows.map((r) => ({
      firstSnapshotId: Number(r["first_snapshot_id"]),
      lastSnapshotId: Number(r["last_snapshot_id"]),
      buildhost: text(r["buildhost"]),
      packager: text(r["packager"]),
      vendor: text(r["vendor"]),
      packages: Number(r["packages"]),
      firstFileTime: r["first_file_time"] === null ? null : Number(r["first_file_time"]),
    })),
    builds: builds.rows.map((r) => ({
      buildhost: text(r["buildhost"]),
      packager: text(r["packager"]),
      vendor: text(r["vendor"]),
      builds: Number(r["builds"]),
    })),
  });
}

/**
 * The summary with its intervals and builds in one order, whoever grouped them (SQL or
 * ProvenanceFold): snapshot ids, then build host, packager and vendor.
 *
 * @example
 * const s = sortedSummary({ snapshotId: 3, intervals, builds });
 */
export function sortedSummary(s: ProvenanceSummary): ProvenanceSummary {
  return {
    snapshotId: s.snapshotId,
    intervals: [...s.intervals].sort(
      (a, b) =>
        a.firstSnapshotId - b.firstSnapshotId ||
        a.lastSnapshotId - b.lastSnapshotId ||
        byText(a.buildhost, b.buildhost) ||
        byText(a.packager, b.packager) ||
        byText(a.vendor, b.vendor),
    ),
    builds: [...s.builds].sort(
      (a, b) => byText(a.buildhost, b.buildhost) || byText(a.packager, b.packager) || byText(a.vendor, b.vendor),
    ),
  };
}

/** Nulls first, then code-unit order: the same order whichever store grouped the rows. */
function byText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/**
 * Groups and stores one repository's summary, replacing the one before. Run in the transaction
 * that writes the snapshot, so a summary never outlives the rows it was made from.
 *
 * @example
 * await writeProvenanceSummary(trx, repositoryId, snapshotId);
 */
export async function writeProvenanceSummary(
  db: Kysely<unknown>,
  repositoryId: number,
  snapshotId: number,
): Promise<void> {
  await storeProvenanceSummary(db, repositoryId, await groupProvenance(db, repositoryId, snapshotId));
}

/**
 * Stores a summary made elsewhere (a sync's ProvenanceFold), replacing the repository's one before.
 *
 * @example
 * await storeProvenanceSummary(trx, repositoryId, fold.summary());
 */
export async function storeProvenanceSummary(
  db: Kysely<unknown>,
  repositoryId: number,
  s: ProvenanceSummary,
): Promise<void> {
  const snapshotId = s.snapshotId;
  await sql`delete from provenance_summaries where repository_id = ${repositoryId}`.execute(db);
  await sql`insert into provenance_summaries (repository_id, snapshot_id, intervals, builds)
    values (${repositoryId}, ${snapshotId}, ${JSON.stringify(s.intervals)}, ${JSON.stringify(s.builds)})`.execute(db);
}

/**
 * The stored summaries of these repositories that are of their newest snapshot (`newest`, by
 * repository id): any other is stale and left out, for the caller to group from the rows.
 *
 * @example
 * const fresh = await readProvenanceSummaries(db, new Map([[3, 120]]));
 */
export async function readProvenanceSummaries(
  db: Kysely<unknown>,
  newest: ReadonlyMap<number, number>,
): Promise<Map<number, ProvenanceSummary>> {
  const out = new Map<number, ProvenanceSummary>();
  if (newest.size === 0) return out;
  const rows = await sql<{ repository_id: number; snapshot_id: number; intervals: string; builds: string }>`
    select repository_id, snapshot_id, intervals, builds from provenance_summaries
    where repository_id in (${sql.join([...newest.keys()])})`.execute(db);
  for (const r of rows.rows) {
    const id = Number(r.repository_id);
    if (newest.get(id) !== Number(r.snapshot_id)) continue;
    try {
      const intervals: unknown = JSON.parse(r.intervals);
      const builds: unknown = JSON.parse(r.builds);
      if (!Array.isArray(intervals) || !Array.isArray(builds)) continue;
      out.set(id, {
        snapshotId: Number(r.snapshot_id),
        intervals: intervals as ProvenanceSummary["intervals"],
        builds: builds as ProvenanceSummary["builds"],
      });
    } catch {
      // A damaged summary is only a cache: the rows are grouped instead.
    }
  }
  return out;
}

/**
 * Writes the summary of each repository's newest snapshot: migration 0018's backfill.
 *
 * @example
 * await backfillProvenanceSummaries(db);
 */
export async function backfillProvenanceSummaries(db: Kysely<unknown>): Promise<void> {
  for (const { repositoryId, snapshotId } of await newestSnapshots(db))
    await writeProvenanceSummary(db, repositoryId, snapshotId);
}
