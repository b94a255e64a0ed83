import { UsageError } from "../../errors/usage-error.js";
import { Fetcher } from "../../fetch/fetcher.js";
import { commaList } from "../../format/comma-list.js";
import { JobQueue } from "../../jobs/job-queue.js";
import { WORK_QUEUES, type WorkQueue } from "../../jobs/job-request.js";
import { requirePostgresStore } from "../../jobs/require-postgres-store.js";
import { startWorkers } from "../../jobs/start-workers.js";
import { watchAfterJobs } from "../../jobs/watch-after-jobs.js";
import { loadWatchRules, workerWatchRulesPath } from "../../catalog/load-watch-rules.js";
import { firingLine, reportDeliveries } from "./watch-command.js";
import { resolveDbPath } from "../../store/resolve-db-path.js";
import { withAnswerRefresh } from "../with-answer-refresh.js";
import { type GlobalOptions, openCatalog, openFacts, withStore } from "../cli-context.js";
import { favourSmallHeap } from "../favour-small-heap.js";

export interface WorkerCommandOptions extends GlobalOptions {
  readonly concurrency?: string;
  readonly queues?: string;
  readonly grace?: string;
  /** watch.yaml to evaluate after each job (default: the default rules file, when it exists). */
  readonly rules?: string;
}

/** `--queues` as queue names, checked; none given means every queue. */
export function queuesOf(text: string | undefined, allowed: readonly WorkQueue[] = WORK_QUEUES): readonly WorkQueue[] {
  if (text === undefined) return allowed;
  const names = commaList(text);
  const bad = names.filter((n) => !(allowed as readonly string[]).includes(n));
  if (bad.length > 0 || names.length === 0)
    throw new UsageError("arguments", `--queues takes ${allowed.join(", ")}; got "${text}"`);
  return names as WorkQueue[];
}

function whole(text: string | undefined, flag: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError("arguments", `${flag} wants a whole number ≥ ${min}, got "${text}"`);
  return n;
}

/**
 * `elscope worker`: takes jobs from the store's queue (pg-boss on its PostgreSQL) and runs them
 * until SIGTERM (systemd's stop), when it stops taking jobs, lets running ones finish for `--grace`
 * seconds, fails (releases) what still runs so another worker retries it, and exits 0. Any
 * number of workers may run, on any machine. Ctrl-C exits 130 at once, as every command does
 * (bin/elscope.js); the job it ran is retried when it expires. Returns the exit code.
 */
export async function workerCommand(opts: WorkerCommandOptions): Promise<number> {
  const db = resolveDbPath(opts.db);
  requirePostgresStore(db, "workers");
  const concurrency = whole(opts.concurrency, "--concurrency", 1, 1);
  const queues = queuesOf(opts.queues);
  const graceMs = whole(opts.grace, "--grace", 60, 1) * 1000;
  const catalog = openCatalog(opts);
  const facts = openFacts(catalog);
  const rulesFile = workerWatchRulesPath(opts.rules);
  const rules = rulesFile === null ? null : loadWatchRules(rulesFile, catalog);
  favourSmallHeap();
  await withStore(opts, async (store) => {
    const queue = await JobQueue.open(db, { supervise: true });
    // Installed before any job starts, so a signal during the first job is graceful too.
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    });
    const fetcher = new Fetcher({ attempts: 2 });
    const watch =
      rules === null
        ? null
        : watchAfterJobs({ store, catalog }, rules, (run) => {
            if (run instanceof Error) {
              process.stderr.write(`elscope worker: watch: ${run.message}\n`);
              return;
            }
            for (const f of run.fired) process.stderr.write(`elscope worker: watch: ${firingLine("FIRING", f)}\n`);
            for (const f of run.resolved) process.stderr.write(`elscope worker: watch: ${firingLine("RESOLVED", f)}\n`);
            reportDeliveries(run, "elscope worker: watch");
          });
    await startWorkers(
      queue,
      { store, catalog, fetcher },
      {
        concurrency,
        queues,
        onEvent: (e) => process.stderr.write(`elscope worker: ${e.queue} ${e.id} ${e.what}\n`),
        around: async (request, run) => {
          try {
            return await withAnswerRefresh(
              { store, catalog, facts },
              request.queue === "sync" ? [request.target.key.distro] : commaList(request.distro),
              run,
            );
          } finally {
            // After the job's writes commit, failed or not (a failing update is what source-failing watches).
            await watch?.after();
          }
        },
      },
    );
    process.stderr.write(
      `elscope worker: taking jobs from ${queues.join(", ")} (${concurrency} at a time per queue) in ${store.location}${rulesFile === null ? "" : `; watch rules ${rulesFile} after each job`}\n`,
    );
    await stopped;
    process.stderr.write("elscope worker: stopping; running jobs finish or go back to the queue\n");
    await queue.stop(graceMs);
  });
  // A job that outlived the grace period was handed back to the queue; its open connection (a
  // stalled download) must not keep this process alive. The timer itself keeps nothing alive.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
