import type { Kysely } from "#kysely";
import type { FactPageRead } from "../model/fact-page-read.js";
import type { Database } from "./database.js";

/**
 * The stored reads of the pages facts cite, by URL (sorted).
 *
 * @example
 * (await factPages(store.db)).find((p) => p.url === "https://almalinux.org/foundation/")?.baselineHash
 */
export async function factPages(db: Kysely<Database>): Promise<readonly FactPageRead[]> {
  const rows = await db.selectFrom("fact_pages").selectAll().orderBy("url").execute();
  return rows.map((r) => ({
    url: r.url,
    baselineHash: r.baseline_hash,
    baselineReadAt: r.baseline_read_at,
    baselineChecked: r.baseline_checked,
    latestHash: r.latest_hash,
    latestReadAt: r.latest_read_at,
  }));
}

/** Stores page reads, replacing the earlier row of each URL, in one transaction. */
export async function recordFactPages(db: Kysely<Database>, reads: readonly FactPageRead[]): Promise<void> {
  if (reads.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (const r of reads) {
      await tx.deleteFrom("fact_pages").where("url", "=", r.url).execute();
      await tx
        .insertInto("fact_pages")
        .values({
          url: r.url,
          baseline_hash: r.baselineHash,
          baseline_read_at: r.baselineReadAt,
          baseline_checked: r.baselineChecked,
          latest_hash: r.latestHash,
          latest_read_at: r.latestReadAt,
        })
        .execute();
    }
  });
}
