import type { Kysely } from "#kysely";
import type { CurrentImage } from "../model/current-image.js";
import type { CountEntry, ImageChannel, ImageEntry } from "../model/image-record.js";
import type { Database } from "./database.js";

/** A point of a popularity series. */
export interface PopularityPoint {
  readonly distro: string;
  readonly metric: string;
  readonly subject: string;
  readonly date: string;
  readonly value: number;
  readonly sourceKind: string;
  /** The page the point was read from, or the import's source when its file names none per point. */
  readonly source: string;
  /** How the figure was read (a milestone, a lower bound, a copy of another source's), or null. */
  readonly note: string | null;
}

/**
 * Image observations and popularity series in the store; every write is one transaction. With
 * `asOf` (ISO 8601), the current images are those of the newest import per source observed by then.
 *
 * @example
 * await new ImageStore(store.db).currentImages(["almalinux"]);
 */
export class ImageStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly asOf: string | null = null,
  ) {}

  /** Stores one dated observation of a source's images and its counts. */
  async saveImport(
    input: { distro: string; sourceKind: string; source: string; observedAt: string },
    images: readonly ImageEntry[],
    counts: readonly CountEntry[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (images.length > 0) {
        const { id } = await trx
          .insertInto("image_imports")
          .values({
            distro: input.distro,
            source_kind: input.sourceKind,
            source: input.source,
            observed_at: input.observedAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (let i = 0; i < images.length; i += 50) {
          await trx
            .insertInto("image_entries")
            .values(images.slice(i, i + 50).map((e) => ({ import_id: id, ...e })))
            .execute();
        }
      }
      for (const c of counts) {
        const row = {
          distro: input.distro,
          metric: c.metric,
          subject: c.subject,
          date: c.date ?? input.observedAt.slice(0, 10),
          value: c.value,
          source_kind: input.sourceKind,
          source: c.source ?? input.source,
          note: c.note ?? null,
          imported_at: input.observedAt,
        };
        await trx
          .insertInto("popularity")
          .values(row)
          .onConflict((oc) =>
            oc
              .columns(["distro", "metric", "subject", "date", "source_kind", "source"])
              .doUpdateSet({ value: row.value, note: row.note, imported_at: row.imported_at }),
          )
          .execute();
      }
    });
  }

  /** The images of each distribution's newest import per source. */
  async currentImages(distros?: readonly string[]): Promise<readonly CurrentImage[]> {
    const asOf = this.asOf;
    let q = this.db
      .selectFrom("image_imports as i")
      .innerJoin("image_entries as e", "e.import_id", "i.id")
      .where((w) =>
        w.not(
          w.exists(
            w
              .selectFrom("image_imports as n")
              .select("n.id")
              .whereRef("n.distro", "=", "i.distro")
              .whereRef("n.source_kind", "=", "i.source_kind")
              .whereRef("n.source", "=", "i.source")
              .whereRef("n.id", ">", "i.id")
              .$if(asOf !== null, (n) => n.where("n.observed_at", "<=", asOf as string)),
          ),
        ),
      );
    if (asOf !== null) q = q.where("i.observed_at", "<=", asOf);
    if (distros !== undefined) q = q.where("i.distro", "in", distros.length > 0 ? [...distros] : [""]);
    const rows = await q
      .selectAll("e")
      .select(["i.distro", "i.source_kind", "i.source", "i.observed_at"])
      .orderBy("i.distro")
      .orderBy("e.channel")
      .orderBy("e.release")
      .orderBy("e.arch")
      .orderBy("e.type")
      .orderBy("e.name")
      .orderBy("e.location")
      .execute();
    return rows.map((r) => ({
      channel: r.channel as ImageChannel,
      name: r.name,
      type: r.type,
      release: r.release,
      arch: r.arch,
      location: r.location,
      publisher: r.publisher,
      published: r.published,
      size: r.size === null ? null : Number(r.size),
      distro: r.distro,
      sourceKind: r.source_kind,
      source: r.source,
      observedAt: r.observed_at,
    }));
  }

  /** Every popularity point, by distribution, metric, subject and date; with `asOf`, those dated by then. */
  async popularity(distros?: readonly string[]): Promise<readonly PopularityPoint[]> {
    let q = this.db.selectFrom("popularity");
    if (this.asOf !== null) q = q.where("date", "<=", this.asOf);
    if (distros !== undefined) q = q.where("distro", "in", distros.length > 0 ? [...distros] : [""]);
    const rows = await q
      .selectAll()
      .orderBy("distro")
      .orderBy("metric")
      .orderBy("subject")
      .orderBy("date")
      .orderBy("source")
      .execute();
    return rows.map((r) => ({
      distro: r.distro,
      metric: r.metric,
      subject: r.subject,
      date: r.date,
      value: Number(r.value),
      sourceKind: r.source_kind,
      source: r.source,
      note: r.note,
    }));
  }
}
