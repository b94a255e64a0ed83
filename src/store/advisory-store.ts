import { type Kysely, sql } from "#kysely";
import type { AdvisoryToStore } from "../model/advisory-to-store.js";
import type { OwnPublicationField } from "../model/own-publication.js";
import type { AdvisoryPackage } from "../model/advisory-record.js";
import type { ClockAdvisories } from "../model/clock-advisories.js";
import { COPYING_KINDS } from "../model/copies-upstream-date.js";
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
      (packagesBy.get(m.id) ?? packagesBy.set(m.id, []).get(m.id))?.push(advisoryPackageOf(m));
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
   * What the upstream clock reads of `distro`'s advisories (ClockAdvisories): one query of the
   * packages it can use, with their advisory's date and kind, instead of every advisory with its
   * references and packages (24,000 advisories and 47,500 packages took 0.26-0.55 s to read so,
   * 2026-12-04). `as` says which side `distro` is on.
   *
   * @example
   * const { advisories } = await new AdvisoryStore(db).clockAdvisories("rhel", "upstream");
   */
  async clockAdvisories(distro: string, as: "upstream" | "rebuild"): Promise<ClockAdvisories> {
    let kinds = this.db.selectFrom("advisories as a").where("a.distro", "=", distro);
    let q = this.db
      .selectFrom("advisories as a")
      .innerJoin("advisory_packages as p", (j) => j.onRef("p.distro", "=", "a.distro").onRef("p.id", "=", "a.id"))
      .where("a.distro", "=", distro);
    if (this.asOf !== null) {
      kinds = kinds.where("a.id", "in", this.knownIds(distro));
      q = q.where("a.id", "in", this.knownIds(distro));
    }
    q =
      as === "upstream"
        ? q.where("p.arch", "=", "src").where("p.release", "is not", null)
        : q.where("a.source_kind", "in", COPYING_KINDS).where("a.issued", "is not", null);
    const rows = await q
      .select([
        "a.id",
        "a.issued",
        "a.source_kind",
        "p.name",
        "p.evr",
        "p.major",
        "p.arch",
        "p.stream",
        "p.repository",
        "p.release",
      ])
      // The order advisories() gives: by advisory, then as the packages' key runs.
      .orderBy("a.id")
      .orderBy("p.name")
      .orderBy("p.evr")
      .orderBy("p.arch")
      .orderBy("p.repository")
      .orderBy("p.stream")
      .execute();
    const advisories: { issued: string | null; sourceKind: string; packages: AdvisoryPackage[] }[] = [];
    let id: string | null = null;
    for (const r of rows) {
      if (r.id !== id) {
        id = r.id;
        advisories.push({ issued: r.issued, sourceKind: r.source_kind, packages: [] });
      }
      advisories[advisories.length - 1]?.packages.push(advisoryPackageOf(r));
    }
    const kindRows = await kinds.select("a.source_kind").distinct().execute();
    // Sorted here, by code unit: a PostgreSQL collation may order them otherwise.
    return { kinds: kindRows.map((k) => k.source_kind).sort(), advisories };
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

/** An advisory_packages row as the package it stores ("" keys what a source leaves unnamed). */
function advisoryPackageOf(r: {
  readonly name: string;
  readonly evr: string;
  readonly major: string | null;
  readonly arch: string;
  readonly stream: string;
  readonly repository: string;
  readonly release: string | null;
}): AdvisoryPackage {
  return {
    name: r.name,
    evr: r.evr,
    major: r.major,
    arch: r.arch === "" ? null : r.arch,
    stream: r.stream === "" ? null : r.stream,
    repository: r.repository === "" ? null : r.repository,
    release: r.release,
  };
}
