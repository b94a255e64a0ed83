// The benchmarks' PostgreSQL: the tests' throwaway-cluster helper, but kept in bench/out/ so a store
// built once (minutes for the comparison store, more for 10 million rows) is timed in later runs.
import pg from "pg";
import { type PgCluster, startPgCluster } from "../test/helpers/pg-cluster.js";

/** Settings sized for the project's shared machine (2 cores, about 20 GB free): modest, not tuned. */
export const BENCH_PG_SETTINGS = ["shared_buffers=1GB", "work_mem=64MB", "maintenance_work_mem=512MB"];

/**
 * Starts the cluster kept in `dir` and makes sure `database` exists on it, empty when `recreate`
 * (a store a killed run left half-built is no benchmark); stop() keeps the files.
 */
export async function benchPg(
  dir: string,
  database: string,
  recreate: boolean,
): Promise<{ cluster: PgCluster; url: string }> {
  const cluster = await startPgCluster({ dir, settings: BENCH_PG_SETTINGS });
  // A failed run must not leave the server running; stop() is idempotent.
  process.once("exit", () => cluster.stop());
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    if (recreate) await client.query(`drop database if exists ${database}`);
    const r = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (r.rowCount === 0) await client.query(`create database ${database}`);
  } finally {
    await client.end();
  }
  const u = new URL(cluster.url);
  u.pathname = `/${database}`;
  return { cluster, url: u.toString() };
}
