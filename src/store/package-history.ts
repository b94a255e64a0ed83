import type { Kysely } from "#kysely";
import type { EarliestBuild } from "../model/earliest-build.js";
import type { Database } from "./database.js";

/**
 * Reads packages across every snapshot ever stored, not only the newest:
 * when a build or a version first appeared. With `asOf` (ISO 8601), only the presence
 * intervals that had begun by then (first seen by then), so earliest times are those known then.
 *
 * @example
 * const builds = await new PackageHistory(db).buildsNamed("almalinux", ["bash"]);
 */
export class PackageHistory {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly asOf: string | null = null,
  ) {}

  /** Every build of the named packages that any repository of `distro` has carried, with its earliest times. */
  async buildsNamed(distro: string, names: readonly string[]): Promise<readonly EarliestBuild[]> {
    if (names.length === 0) return [];
    const out = [];
    for (let i = 0; i < names.length; i += 500) {
      let q = this.db
        .selectFrom("packages as p")
        .innerJoin("repositories as r", "r.id", "p.repository_id")
        .where("r.distro", "=", distro)
        .where("p.name", "in", names.slice(i, i + 500));
      if (this.asOf !== null) q = q.where("p.first_seen", "<=", this.asOf);
      const rows = await q
        .select((eb) => [
          "p.name",
          "p.epoch",
          "p.version",
          "p.release",
          eb.fn.min("p.file_time").as("fileTime"),
          eb.fn.min("p.first_seen").as("firstSeen"),
        ])
        .groupBy(["p.name", "p.epoch", "p.version", "p.release"])
        .execute();
      for (const r of rows) {
        out.push({
          name: r.name,
          epoch: Number(r.epoch),
          version: r.version,
          release: r.release,
          fileTime: r.fileTime === null ? null : Number(r.fileTime),
          firstSeen: r.firstSeen,
        });
      }
    }
    return out;
  }

  /** Earliest file time (Unix seconds) of each version of package `name` in `distro`'s repositories, any snapshot. */
  async firstFileTimes(
    distro: string,
    name: string,
  ): Promise<readonly { version: string; fileTime: number; repo: string }[]> {
    let q = this.db
      .selectFrom("packages as p")
      .innerJoin("repositories as r", "r.id", "p.repository_id")
      .where("r.distro", "=", distro)
      .where("p.name", "=", name)
      .where("p.file_time", "is not", null);
    if (this.asOf !== null) q = q.where("p.first_seen", "<=", this.asOf);
    const rows = await q
      .select(["p.version", "r.repo", (eb) => eb.fn.min("p.file_time").as("t")])
      .groupBy(["p.version", "r.repo"])
      .execute();
    return rows.map((r) => ({ version: r.version, repo: r.repo, fileTime: Number(r.t) }));
  }
}
