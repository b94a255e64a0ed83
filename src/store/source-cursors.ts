import type { Kysely } from "#kysely";
import type { Database } from "./database.js";

/**
 * Where each incrementally read live source stopped, by kind, distribution and location
 * (CSAF: the newest `changes.csv` time already imported).
 *
 * @example
 * await new SourceCursors(db).set("redhat-csaf", "rhel", base, "2024-05-08T00:31:41Z", new Date());
 */
export class SourceCursors {
  constructor(private readonly db: Kysely<Database>) {}

  /** The cursor, or null before the first complete run. */
  async get(kind: string, distro: string, location: string): Promise<string | null> {
    return (await this.row(kind, distro, location))?.cursor ?? null;
  }

  /** Sets the cursor (after the data it covers is stored). */
  async set(kind: string, distro: string, location: string, cursor: string, now: Date): Promise<void> {
    await this.db
      .insertInto("source_cursors")
      .values({ source_kind: kind, distro, location, cursor, updated_at: now.toISOString() })
      .onConflict((oc) =>
        oc.columns(["source_kind", "distro", "location"]).doUpdateSet({ cursor, updated_at: now.toISOString() }),
      )
      .execute();
  }

  /** When the cursor was last set: the source's last complete run, or null before the first. */
  async updatedAt(kind: string, distro: string, location: string): Promise<string | null> {
    return (await this.row(kind, distro, location))?.updated_at ?? null;
  }

  private row(kind: string, distro: string, location: string) {
    return this.db
      .selectFrom("source_cursors")
      .where("source_kind", "=", kind)
      .where("distro", "=", distro)
      .where("location", "=", location)
      .select(["cursor", "updated_at"])
      .executeTakeFirst();
  }
}
