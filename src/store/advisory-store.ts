import { type Kysely, sql } from "#kysely";
import type { AdvisoryToStore } from "../model/advisory-to-store.js";
import type { OwnPublicationField } from "../model/own-publication.js";
import type { AdvisoryPackage } from "../model/advisory-record.js";
import type { StoredAdvisory } from "../model/stored-advisory.js";
import type { Database } from "./database.js";

/**
 * Advisories with their references and fixed packages, and the check of
 * those packages against the builds synced repositories carried. With `asOf` (ISO 8601), only
 * the advisories the store knew by then: known since the feed's first commit carrying it (git
 * histories) or else since elscope first saw it (its first import), never its own publication
 * date; and only builds first seen by then. An advisory keeps its newest text (the store holds
 * no older versions of it).
 *
 * @example
 * const unseen = await new AdvisoryStore(db).advisoriesWithUnseenPackages("almalinux");
 */
export class AdvisoryStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly asOf: string | null = null,
  ) {}

  /** The advisories of `distro` known by `asOf` (all without it), as a subquery of their ids. */
  private knownIds(distro: string) {
    const q = this.db.selectFrom("advisories as k").where("k.distro", "=", distro).select("k.id");
    return this.asOf === null
      ? q
      : q.where(sql<string>`coalesce(k.first_seen_git, k.first_seen_observer)`, "<=", this.asOf);
  }

  /**
   * Stores advisories in one transaction. An advisory seen before keeps its
   * earliest first-seen times (git, with that sighting's commit, and observer)
   * and its earliest own publication time (errata.json states only its newest
   * edit, so the earliest import is the closest to the first); its other fields
   * are replaced.
   */
  async upsertAdvisories(
    distro: string,
    sourceKind: string,
    source: string,
    items: readonly AdvisoryToStore[],
    now: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { advisory: a, firstSeenGit, feedCommit, ownPublished } of items) {
        const old = await trx
          .selectFrom("advisories")
          .where("distro", "=", distro)
          .where("id", "=", a.id)
          .select([
            "first_seen_git",
            "feed_commit",
            "feed_commit_files",
            "first_seen_observer",
            "own_published",
            "own_published_from",
          ])
          .executeTakeFirst();
        const minOf = (x: string | null | undefined, y: string | null): string | null =>
          x === null || x === undefined ? y : y === null ? x : x < y ? x : y;
        // The git sighting travels with its commit: the new one wins when it is as early or earlier.
        const oldGit = old?.first_seen_git ?? null;
        const git =
          firstSeenGit !== null && (oldGit === null || firstSeenGit <= oldGit)
            ? { at: firstSeenGit, commit: feedCommit?.commit ?? null, files: feedCommit?.filesAdded ?? null }
            : { at: oldGit, commit: old?.feed_commit ?? null, files: old?.feed_commit_files ?? null };
        const oldOwn = old?.own_published ?? null;
        const own =
          ownPublished != null && (oldOwn === null || ownPublished.at <= oldOwn)
            ? { at: ownPublished.at, from: ownPublished.field }
            : { at: oldOwn, from: old?.own_published_from ?? null };
        const row = {
          distro,
          id: a.id,
          type: a.type,
          severity: a.severity,
          summary: a.summary,
          issued: a.issued,
          updated: a.updated,
          first_seen_git: git.at,
          feed_commit: git.commit,
          feed_commit_files: git.files,
          own_published: own.at,
          own_published_from: own.from,
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
        // One row per name, EVR, arch, repository and stream (kernel.src and kernel.x86_64 are two);
        // "" keys what a source leaves unnamed.
        const pk = new Map(
          a.packages.map((p) => [[p.name, p.evr, p.arch ?? "", p.repository ?? "", p.stream ?? ""].join("\u0000"), p]),
        );
        for (let i = 0, rows = [...pk.values()]; i < rows.length; i += 500) {
          await trx
            .insertInto("advisory_packages")
            .values(
              rows.slice(i, i + 500).map((p) => ({
                distro,
                id: a.id,
                name: p.name,
                evr: p.evr,
                major: p.major,
                arch: p.arch ?? "",
                stream: p.stream ?? "",
                repository: p.repository ?? "",
                release: p.release,
              })),
            )
            .execute();
        }
      }
    });
  }

  /** Every advisory of `distro` with its references and package majors. */
  async advisories(distro: string): Promise<readonly StoredAdvisory[]> {
    let q = this.db.selectFrom("advisories").where("distro", "=", distro);
    if (this.asOf !== null) q = q.where(sql<string>`coalesce(first_seen_git, first_seen_observer)`, "<=", this.asOf);
    const rows = await q.selectAll().orderBy("id").execute();
    const refs = await this.db.selectFrom("advisory_refs").where("distro", "=", distro).select(["id", "ref"]).execute();
    const pkgs = await this.db
      .selectFrom("advisory_packages")
      .where("distro", "=", distro)
      .select(["id", "name", "evr", "major", "arch", "stream", "repository", "release"])
      .execute();
    const refsBy = new Map<string, string[]>();
    for (const r of refs) (refsBy.get(r.id) ?? refsBy.set(r.id, []).get(r.id))?.push(r.ref);
    const majorsBy = new Map<string, string[]>();
    const packagesBy = new Map<string, AdvisoryPackage[]>();
    for (const m of pkgs) {
      const list = majorsBy.get(m.id) ?? majorsBy.set(m.id, []).get(m.id);
      if (m.major !== null && list !== undefined && !list.includes(m.major)) list.push(m.major);
      (packagesBy.get(m.id) ?? packagesBy.set(m.id, []).get(m.id))?.push({
        name: m.name,
        evr: m.evr,
        major: m.major,
        arch: m.arch === "" ? null : m.arch,
        stream: m.stream === "" ? null : m.stream,
        repository: m.repository === "" ? null : m.repository,
        release: m.release,
      });
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
        feedCommit: r.feed_commit,
        feedCommitFiles: r.feed_commit_files === null ? null : Number(r.feed_commit_files),
        ownPublished: r.own_published,
        ownPublishedFrom: r.own_published_from as OwnPublicationField | null,
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
    let synced = this.db.selectFrom("repositories as s").where("s.distro", "=", distro);
    if (this.asOf !== null) {
      const asOf = this.asOf;
      synced = synced.where((eb) =>
        eb.exists(
          eb
            .selectFrom("snapshots as n")
            .whereRef("n.repository_id", "=", "s.id")
            .where("n.fetched_at", "<=", asOf)
            .select("n.id"),
        ),
      );
    }
    const n = await synced.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (Number(n.n) === 0) return [];
    const asOf = this.asOf;
    let q = this.db.selectFrom("advisory_packages as a").where("a.distro", "=", distro);
    if (asOf !== null) q = q.where("a.id", "in", this.knownIds(distro));
    const rows = await q
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("packages as p")
              // The repositories as a list, not a join: SQLite then seeks the unique index by
              // (repository_id, name) for each advisory package. Joined, it scanned every package
              // row once per advisory package (12,000 x 45,000 rows: 8.9 s against 11 ms).
              .where(
                "p.repository_id",
                "in",
                eb.selectFrom("repositories as r").where("r.distro", "=", distro).select("r.id"),
              )
              .whereRef("p.name", "=", "a.name")
              .where(
                sql<boolean>`(case when p.epoch > 0 then p.epoch || ':' else '' end) || p.version || '-' || p.release = a.evr`,
              )
              .$if(asOf !== null, (w) => w.where("p.first_seen", "<=", asOf as string))
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
}
