import { type JobRequest, jobKey } from "../jobs/job-request.js";
import { requirePostgresStore } from "../jobs/require-postgres-store.js";
import { resolveDbPath } from "../store/resolve-db-path.js";
import { renderCsv } from "../format/render-csv.js";
import { type GlobalOptions, printJson } from "./cli-context.js";

/**
 * `--queue` on sync, update and import: sends the requests to the store's job queue for
 * `elscope worker` instead of running them, and prints each one's key and job id (null for one
 * whose key already waits).
 *
 * @example
 * await enqueueJobs(opts, [{ queue: "update", distro: "almalinux" }]);
 */
export async function enqueueJobs(
  opts: GlobalOptions & { readonly json?: boolean; readonly csv?: boolean },
  requests: readonly JobRequest[],
): Promise<void> {
  const db = resolveDbPath(opts.db);
  requirePostgresStore(db, "--queue");
  // pg-boss is loaded only here: a sync or import that runs in this process does not pay its
  // 60 ms of module loading.
  const { JobQueue } = await import("../jobs/job-queue.js");
  const queue = await JobQueue.open(db);
  try {
    const ids = await queue.enqueue(requests);
    const rows = requests.map((r, i) => ({ queue: r.queue, key: jobKey(r), id: ids[i] ?? null }));
    if (opts.json === true) printJson({ jobs: rows });
    else if (opts.csv === true) process.stdout.write(renderCsv(rows));
    else
      for (const r of rows)
        process.stdout.write(`${r.queue} ${r.key}: ${r.id === null ? "already queued" : `job ${r.id}`}\n`);
  } finally {
    await queue.stop();
  }
}
