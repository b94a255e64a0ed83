import type { JobRequest, WorkQueue } from "./job-request.js";
import type { JobQueue } from "./job-queue.js";
import { type JobContext, type JobOutput, runJob } from "./run-job.js";

/** What a worker process takes on. */
export interface WorkerOptions {
  /** Jobs run at once, per queue. */
  readonly concurrency: number;
  readonly queues: readonly WorkQueue[];
  /** Hears of each job as it starts and ends (the worker's log lines). */
  readonly onEvent?: (event: { readonly queue: string; readonly id: string; readonly what: string }) => void;
  /** Wraps each job's run (the worker refreshes the answers kept for the dashboard after it). */
  readonly around?: (request: JobRequest, run: () => Promise<JobOutput>) => Promise<JobOutput>;
}

/**
 * Takes jobs from `queues` and runs them, `concurrency` at a time per queue. pg-boss 10 has no
 * team size: each `work()` call is one polling loop fetching one job at a time, so concurrency
 * is that many loops (https://github.com/timgit/pg-boss/blob/10.x/docs/api/workers.md).
 * A handler that throws fails the job; pg-boss keeps the error and retries it.
 *
 * @example
 * await startWorkers(queue, { store, catalog, fetcher }, { concurrency: 2, queues: ["sync"] });
 */
export async function startWorkers(queue: JobQueue, ctx: JobContext, options: WorkerOptions): Promise<void> {
  const pollingIntervalSeconds = queue.settings.pollingIntervalSeconds;
  for (const name of options.queues) {
    for (let i = 0; i < options.concurrency; i++) {
      // After each job the loop would wait out the rest of its polling interval; notifying itself
      // makes a busy worker fetch the next job at once, so only an idle one polls.
      let id = "";
      id = await queue.boss.work<JobRequest>(name, { pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
        const outputs = [];
        try {
          for (const job of jobs) {
            options.onEvent?.({ queue: name, id: job.id, what: "started" });
            try {
              const run = () => runJob(job.data, ctx);
              outputs.push(await (options.around === undefined ? run() : options.around(job.data, run)));
              options.onEvent?.({ queue: name, id: job.id, what: "completed" });
            } catch (e) {
              options.onEvent?.({ queue: name, id: job.id, what: `failed: ${(e as Error).message}` });
              throw e;
            }
          }
        } finally {
          queue.boss.notifyWorker(id);
        }
        return outputs[0];
      });
    }
  }
}
