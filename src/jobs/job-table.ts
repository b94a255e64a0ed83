// The one module that reads pg-boss's tables. pg-boss 10 has no API that lists jobs across
// queues and states, so `elscope jobs` and the scheduler read its schema directly, as its docs
// describe it: https://github.com/timgit/pg-boss/blob/10.x/docs/README.md (the `job` table,
// partitioned by queue, and `archive` for jobs done long ago).

/** What runs SQL: pg-boss's own `Db` interface, which a kysely database is adapted to as well. */
export interface SqlRunner {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A job as pg-boss keeps it. */
export interface JobTableRow {
  readonly id: string;
  readonly queue: string;
  readonly key: string | null;
  readonly state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  /** When a waiting job may run next (a retry waits out its backoff). */
  readonly startAfter: string;
  readonly retryCount: number;
  readonly retryLimit: number;
  /** The error of the last failed attempt; null for a job that never failed or that completed. */
  readonly lastError: string | null;
}

const SCHEMA = "pgboss";

const iso = (t: unknown): string | null => (t === null || t === undefined ? null : new Date(t as string).toISOString());

/** pg-boss's output of a failed attempt: a serialized Error, `{value: {message}}` (expiry) or `{value: "text"}`. */
function errorOf(state: string, output: unknown): string | null {
  if (state === "completed" || output === null || typeof output !== "object") return null;
  const o = output as { message?: unknown; value?: unknown };
  if (typeof o.message === "string") return o.message;
  if (typeof o.value === "string") return o.value;
  const inner = o.value as { message?: unknown } | null | undefined;
  return typeof inner?.message === "string" ? inner.message : null;
}

async function installed(db: SqlRunner): Promise<boolean> {
  const { rows } = await db.executeSql(`select to_regclass('${SCHEMA}.job') is not null as ok`, []);
  return (rows[0] as { ok?: boolean } | undefined)?.ok === true;
}

/**
 * Every job in pg-boss's job table (waiting, active, failed, and those completed within a day,
 * before pg-boss archives them), in the order they were created; none when no queue exists yet.
 *
 * @example
 * const rows = await readJobTable(boss.getDb());
 */
export async function readJobTable(db: SqlRunner): Promise<readonly JobTableRow[]> {
  if (!(await installed(db))) return [];
  const { rows } = await db.executeSql(
    `select id::text as id, name, singleton_key, state::text as state, created_on, started_on, completed_on,
       start_after, retry_count, retry_limit, output
     from ${SCHEMA}.job where name not like '\\_\\_%' order by created_on, id`,
    [],
  );
  return (rows as Record<string, unknown>[]).map((r) => ({
    id: String(r["id"]),
    queue: String(r["name"]),
    key: (r["singleton_key"] as string | null) ?? null,
    state: r["state"] as JobTableRow["state"],
    createdAt: iso(r["created_on"]) ?? "",
    startedAt: iso(r["started_on"]),
    completedAt: iso(r["completed_on"]),
    startAfter: iso(r["start_after"]) ?? "",
    retryCount: Number(r["retry_count"]),
    retryLimit: Number(r["retry_limit"]),
    lastError: errorOf(String(r["state"]), r["output"]),
  }));
}

/**
 * When a job was last created for each queue and key, in the job table or its archive: the
 * scheduler does not enqueue again what was enqueued within its cadence, even if it failed.
 *
 * @example
 * (await lastEnqueued(boss.getDb())).get("sync almalinux:9/BaseOS/x86_64") // Date
 */
export async function lastEnqueued(db: SqlRunner): Promise<ReadonlyMap<string, Date>> {
  if (!(await installed(db))) return new Map();
  const { rows } = await db.executeSql(
    `select name, singleton_key, max(created_on) as t from (
       select name, singleton_key, created_on from ${SCHEMA}.job where singleton_key is not null
       union all
       select name, singleton_key, created_on from ${SCHEMA}.archive where singleton_key is not null
     ) j group by name, singleton_key`,
    [],
  );
  return new Map(
    (rows as Record<string, unknown>[]).map((r) => [
      `${String(r["name"])} ${String(r["singleton_key"])}`,
      new Date(r["t"] as string),
    ]),
  );
}
