import { CompiledQuery } from "#kysely";
import type { Measured } from "../queries/measured.js";
import type { Store } from "../store/store.js";
import { type JobTableRow, type SqlRunner, readJobTable } from "./job-table.js";

/** The jobs of every queue. */
export interface JobsAnswer extends Measured {
  readonly rows: readonly JobTableRow[];
}

/** The store's database as pg-boss's SQL interface: the jobs live beside the store's tables. */
export function storeSqlRunner(store: Store): SqlRunner {
  return {
    executeSql: async (text, values) => ({ rows: (await store.db.executeQuery(CompiledQuery.raw(text, values))).rows }),
  };
}

/**
 * The jobs pg-boss holds (queued, retrying, active, failed, and completed in the last day) with
 * their times, key, retries and last error: the same rows for `elscope jobs` and `/api/jobs`.
 * `asOf` gives, per queue, the newest time any of its jobs changed. A SQLite store has none.
 *
 * @example
 * const { rows } = await jobsQuery(store);
 */
export async function jobsQuery(store: Store): Promise<JobsAnswer> {
  // A SQLite store has no queue, so no jobs (`elscope jobs` refuses it before asking).
  if (store.dialect.name !== "postgres") return { rows: [], asOf: {}, sources: [] };
  const rows = await readJobTable(storeSqlRunner(store));
  const asOf: Record<string, string | null> = {};
  for (const r of rows) {
    const t =
      [r.createdAt, r.startedAt, r.completedAt]
        .filter((x): x is string => x !== null)
        .sort()
        .at(-1) ?? null;
    const seen = asOf[r.queue] ?? null;
    asOf[r.queue] = seen === null || (t !== null && t > seen) ? t : seen;
  }
  return { rows, asOf, sources: [`pgboss.job in ${store.location}`] };
}
