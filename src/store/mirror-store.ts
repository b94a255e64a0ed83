import { createHash } from "node:crypto";
import type { Kysely } from "#kysely";
import type { CurrentMirror } from "../model/current-mirror.js";
import type { MirrorEntry, MirrorReference } from "../model/mirror-record.js";
import type { MirrorSnapshotRow } from "../model/mirror-snapshot-row.js";
import type { ProbeHistoryRow, ProbeResultRow } from "../model/probe-history-row.js";
import type { Database, MirrorEntriesTable, ProbeRunsTable } from "./database.js";

/** One mirror list as of one moment. */
export interface MirrorSnapshotInput {
  readonly distro: string;
  readonly sourceKind: string;
  readonly source: string;
  /** ISO time the list is as of (a commit's time, else when it was fetched). */
  readonly observedAt: string;
  readonly entries: readonly MirrorEntry[];
  readonly references: readonly MirrorReference[];
  readonly warnings: number;
}

export interface MirrorSnapshotOutcome {
  readonly observedAt: string;
  readonly status: "new" | "unchanged";
  readonly mirrors: number;
}

export type ProbeRunInput = Omit<ProbeRunsTable, "id">;

function contentHash(entries: readonly MirrorEntry[], references: readonly MirrorReference[]): string {
  const h = createHash("sha256");
  for (const e of entries) h.update(JSON.stringify(e)).update("\n");
  for (const r of references) h.update(JSON.stringify(r)).update("\n");
  return h.digest("hex");
}

function entryRow(snapshotId: number, e: MirrorEntry): MirrorEntriesTable {
  return {
    snapshot_id: snapshotId,
    name: e.name,
    scope: e.scope,
    http: e.urls.http,
    https: e.urls.https,
    rsync: e.urls.rsync,
    ftp: e.urls.ftp,
    country: e.country,
    region: e.region,
    city: e.city,
    continent: e.continent,
    sponsor: e.sponsor,
    sponsor_url: e.sponsorUrl,
    private: e.private ? 1 : 0,
    update_frequency_hours: e.updateFrequencyHours,
    ipv6: e.ipv6 === null ? null : e.ipv6 ? 1 : 0,
    asn: e.asn,
    cloud: e.cloud,
    preference: e.preference,
  };
}

function entryOf(r: MirrorEntriesTable): MirrorEntry {
  return {
    name: r.name,
    scope: r.scope === "repository" ? "repository" : "base",
    urls: { http: r.http, https: r.https, rsync: r.rsync, ftp: r.ftp },
    country: r.country,
    region: r.region,
    city: r.city,
    continent: r.continent,
    sponsor: r.sponsor,
    sponsorUrl: r.sponsor_url,
    private: Number(r.private) === 1,
    updateFrequencyHours: r.update_frequency_hours === null ? null : Number(r.update_frequency_hours),
    ipv6: r.ipv6 === null ? null : Number(r.ipv6) === 1,
    asn: r.asn === null ? null : Number(r.asn),
    cloud: r.cloud,
    preference: r.preference === null ? null : Number(r.preference),
  };
}

/**
 * Mirror lists and probe results in the store. Every write is one
 * transaction: a history import stores all its snapshots or none.
 *
 * @example
 * const mirrors = new MirrorStore(store.db);
 * await mirrors.currentMirrors(["almalinux"]);
 */
export class MirrorStore {
  /**
   * `asOf` (ISO 8601): read the lists as the store knew them then: lists observed by then (a
   * list's observation is when it was taken: its commit's time for a git history), and probe
   * runs finished by then.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly asOf: string | null = null,
  ) {}

  /**
   * Stores snapshots in order. One whose mirrors equal the previous snapshot
   * of the same source is not stored again: only its checked time moves.
   */
  async saveSnapshots(inputs: readonly MirrorSnapshotInput[], now: Date): Promise<readonly MirrorSnapshotOutcome[]> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const out: MirrorSnapshotOutcome[] = [];
      for (const input of inputs) {
        const entries = [...input.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const hash = contentHash(entries, input.references);
        const previous = await trx
          .selectFrom("mirror_snapshots")
          .where("distro", "=", input.distro)
          .where("source_kind", "=", input.sourceKind)
          .where("source", "=", input.source)
          .where("detail", "=", "full")
          .where("observed_at", "<=", input.observedAt)
          .orderBy("observed_at", "desc")
          .orderBy("id", "desc")
          .select(["id", "content_hash"])
          .limit(1)
          .executeTakeFirst();
        if (previous?.content_hash === hash) {
          await trx.updateTable("mirror_snapshots").set({ checked_at: at }).where("id", "=", previous.id).execute();
          out.push({ observedAt: input.observedAt, status: "unchanged", mirrors: entries.length });
          continue;
        }
        const { id } = await trx
          .insertInto("mirror_snapshots")
          .values({
            distro: input.distro,
            source_kind: input.sourceKind,
            source: input.source,
            observed_at: input.observedAt,
            imported_at: at,
            checked_at: at,
            detail: "full",
            content_hash: hash,
            mirror_count: entries.length,
            warnings: input.warnings,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (let i = 0; i < entries.length; i += 40) {
          await trx
            .insertInto("mirror_entries")
            .values(entries.slice(i, i + 40).map((e) => entryRow(id, e)))
            .execute();
        }
        for (const r of input.references) {
          await trx
            .insertInto("mirror_references")
            .values({
              snapshot_id: id,
              file: r.file,
              timestamp: r.timestamp,
              size: r.size,
              hashes: JSON.stringify(r.hashes),
              alternates: JSON.stringify(r.alternates),
            })
            .execute();
        }
        out.push({ observedAt: input.observedAt, status: "new", mirrors: entries.length });
      }
      return out;
    });
  }

  /** Replaces one source's mirror-count series (a re-import of the same CSV gives the same rows). */
  async replaceCounts(
    distro: string,
    sourceKind: string,
    source: string,
    rows: readonly { date: string; mirrors: number }[],
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom("mirror_snapshots")
        .where("distro", "=", distro)
        .where("source_kind", "=", sourceKind)
        .where("source", "=", source)
        .where("detail", "=", "count")
        .execute();
      for (const r of rows) {
        await trx
          .insertInto("mirror_snapshots")
          .values({
            distro,
            source_kind: sourceKind,
            source,
            observed_at: `${r.date}T00:00:00.000Z`,
            imported_at: at,
            checked_at: at,
            detail: "count",
            content_hash: null,
            mirror_count: r.mirrors,
            warnings: 0,
          })
          .execute();
      }
    });
  }

  /** The mirrors of each distribution's newest full list per source. */
  async currentMirrors(distros?: readonly string[]): Promise<readonly CurrentMirror[]> {
    const asOf = this.asOf;
    let q = this.db
      .selectFrom("mirror_snapshots as s")
      .innerJoin("mirror_entries as e", "e.snapshot_id", "s.id")
      .where("s.detail", "=", "full")
      .where((w) =>
        w.not(
          w.exists(
            w
              .selectFrom("mirror_snapshots as n")
              .select("n.id")
              .whereRef("n.distro", "=", "s.distro")
              .whereRef("n.source_kind", "=", "s.source_kind")
              .whereRef("n.source", "=", "s.source")
              .where("n.detail", "=", "full")
              .where((eb) =>
                eb.or([
                  eb("n.observed_at", ">", eb.ref("s.observed_at")),
                  eb.and([eb("n.observed_at", "=", eb.ref("s.observed_at")), eb("n.id", ">", eb.ref("s.id"))]),
                ]),
              )
              .$if(asOf !== null, (n) => n.where("n.observed_at", "<=", asOf as string)),
          ),
        ),
      );
    if (asOf !== null) q = q.where("s.observed_at", "<=", asOf);
    if (distros !== undefined) q = q.where("s.distro", "in", distros.length > 0 ? [...distros] : [""]);
    const rows = await q
      .selectAll("e")
      .select(["s.distro", "s.source_kind", "s.source", "s.observed_at", "s.checked_at"])
      .orderBy("s.distro")
      .orderBy("e.name")
      .orderBy("s.source_kind")
      .orderBy("s.source")
      .execute();
    return rows.map((r) => ({
      ...entryOf(r),
      distro: r.distro,
      sourceKind: r.source_kind,
      source: r.source,
      observedAt: r.observed_at,
      checkedAt: r.checked_at,
    }));
  }

  /** Every snapshot's size over time: the network's growth. */
  async snapshots(distros?: readonly string[]): Promise<readonly MirrorSnapshotRow[]> {
    let q = this.db.selectFrom("mirror_snapshots as s");
    if (this.asOf !== null) q = q.where("s.observed_at", "<=", this.asOf);
    if (distros !== undefined) q = q.where("s.distro", "in", distros.length > 0 ? [...distros] : [""]);
    const rows = await q
      .select((eb) => [
        "s.distro",
        "s.source_kind",
        "s.source",
        "s.observed_at",
        "s.detail",
        "s.mirror_count",
        eb
          .selectFrom("mirror_entries as e")
          .whereRef("e.snapshot_id", "=", "s.id")
          .where("e.private", "=", 0)
          .select((x) => x.fn.countAll<number>().as("n"))
          .as("public_count"),
      ])
      .orderBy("s.distro")
      .orderBy("s.observed_at")
      .orderBy("s.source_kind")
      .orderBy("s.source")
      .execute();
    return rows.map((r) => ({
      distro: r.distro,
      sourceKind: r.source_kind,
      source: r.source,
      observedAt: r.observed_at,
      detail: r.detail,
      mirrors: Number(r.mirror_count),
      publicMirrors: r.detail === "full" ? Number(r.public_count ?? 0) : null,
    }));
  }

  /** The newest metalink reference for `file` among a distribution's lists, if any. */
  async newestReference(distro: string, file = "repomd.xml"): Promise<(MirrorReference & { source: string }) | null> {
    const r = await this.db
      .selectFrom("mirror_references as r")
      .innerJoin("mirror_snapshots as s", "s.id", "r.snapshot_id")
      .where("s.distro", "=", distro)
      .where("r.file", "=", file)
      .$if(this.asOf !== null, (q) => q.where("s.observed_at", "<=", this.asOf as string))
      .orderBy("s.observed_at", "desc")
      .orderBy("s.id", "desc")
      .select(["r.file", "r.timestamp", "r.size", "r.hashes", "r.alternates", "s.source"])
      .limit(1)
      .executeTakeFirst();
    if (r === undefined) return null;
    return {
      file: r.file,
      timestamp: r.timestamp === null ? null : Number(r.timestamp),
      size: r.size === null ? null : Number(r.size),
      hashes: JSON.parse(r.hashes) as Record<string, string>,
      alternates: JSON.parse(r.alternates) as MirrorReference["alternates"],
      source: r.source,
    };
  }

  /** Stores one probe run and its results in one transaction. */
  async saveProbeRun(run: ProbeRunInput, results: readonly ProbeResultRow[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto("probe_runs").values(run).returning("id").executeTakeFirstOrThrow();
      for (let i = 0; i < results.length; i += 50) {
        await trx
          .insertInto("probe_results")
          .values(results.slice(i, i + 50).map((r) => ({ ...r, run_id: id })))
          .execute();
      }
      return id;
    });
  }

  /** The results of a distribution's last `runs` probe runs per target, newest first. */
  async probeHistory(distro: string, runs: number): Promise<readonly ProbeHistoryRow[]> {
    const asOf = this.asOf;
    const rows = await this.db
      .selectFrom("probe_results as p")
      .innerJoin("probe_runs as r", "r.id", "p.run_id")
      .where("r.distro", "=", distro)
      .where(
        "r.id",
        "in",
        this.db
          .selectFrom("probe_runs as x")
          .where("x.distro", "=", distro)
          .$if(asOf !== null, (x) => x.where("x.finished_at", "<=", asOf as string))
          .where((eb) =>
            eb(
              eb
                .selectFrom("probe_runs as y")
                .whereRef("y.target", "=", "x.target")
                .where("y.distro", "=", distro)
                .whereRef("y.id", ">", "x.id")
                .$if(asOf !== null, (y) => y.where("y.finished_at", "<=", asOf as string))
                .select((z) => z.fn.countAll<number>().as("n")),
              "<",
              runs,
            ),
          )
          .select("x.id"),
      )
      .selectAll("p")
      .select(["r.target", "r.started_at"])
      .orderBy("r.id", "desc")
      .orderBy("p.mirror")
      .execute();
    return rows.map((r) => ({
      ...r,
      runId: r.run_id,
      startedAt: r.started_at,
      http_status: r.http_status === null ? null : Number(r.http_status),
      latency_ms: r.latency_ms === null ? null : Number(r.latency_ms),
      repomd_time: r.repomd_time === null ? null : Number(r.repomd_time),
      behind_hours: r.behind_hours === null ? null : Number(r.behind_hours),
      ipv6: r.ipv6 === null ? null : Number(r.ipv6),
    }));
  }
}
