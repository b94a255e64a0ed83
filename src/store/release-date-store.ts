import type { Kysely } from "#kysely";
import type { StoredReleaseDate } from "../model/stored-release-date.js";
import type { ReleaseDateRow } from "../model/release-date-row.js";
import type { Database } from "./database.js";

/**
 * Release dates as each source gave them; an import replaces what that source said before. With
 * `asOf` (ISO 8601), only the dates known by then ({@link knownSince}).
 *
 * @example
 * await new ReleaseDateStore(db).replaceReleaseDates("almalinux", "endoflife-product", url, dates, new Date());
 */
export class ReleaseDateStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly asOf: string | null = null,
  ) {}

  /** Replaces every date `sourceKind` gave for `distro` with `dates`, in one transaction. */
  async replaceReleaseDates(
    distro: string,
    sourceKind: string,
    source: string,
    dates: readonly ReleaseDateRow[],
    now: Date,
  ): Promise<void> {
    await this.replaceReleaseDateSets(sourceKind, [{ distro, source, dates }], now);
  }

  /**
   * Replaces every date `sourceKind` gave for each set's distribution, all in one transaction: a
   * source covering several distributions (endoflife.date's page history) is stored whole or not at
   * all. A date's own `source` (the commit it came from) overrides its set's.
   */
  async replaceReleaseDateSets(
    sourceKind: string,
    sets: readonly { readonly distro: string; readonly source: string; readonly dates: readonly ReleaseDateRow[] }[],
    now: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { distro, source, dates } of sets) {
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
              source: d.source ?? source,
              imported_at: now.toISOString(),
            })
            .execute();
        }
      }
    });
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
    const all = rows.map((r) => ({
      distro: r.distro,
      release: r.release,
      stage: r.stage,
      date: r.date,
      sourceKind: r.source_kind,
      source: r.source,
      importedAt: r.imported_at,
    }));
    const asOf = this.asOf;
    return asOf === null ? all : all.filter((d) => knownSince(d) <= asOf);
  }
}

/**
 * When the store knew a release date: a page history's date names the commit that first gave it
 * (`... @b90794c7 (2024-07-06)`, day precision, so the end of that day); any other since it was
 * imported. The store keeps a release's newest date only, so an earlier date later corrected is
 * not known as of any time.
 *
 * For example, `knownSince({ source: "endoflife-date/endoflife.date products/rhel.md @b90794c7 (2024-07-06)", importedAt: "2026-11-30T08:00:00.000Z" })`
 * is `"2024-07-06T23:59:59.999Z"`.
 */
function knownSince(d: { readonly source: string; readonly importedAt: string }): string {
  const m = /@[0-9a-f]+ \((\d{4}-\d{2}-\d{2})\)$/.exec(d.source);
  return m?.[1] === undefined ? d.importedAt : `${m[1]}T23:59:59.999Z`;
}
