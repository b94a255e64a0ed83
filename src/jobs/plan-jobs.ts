import type { Catalog } from "../catalog/load-catalog.js";
import { PLAN_EVERY_MINUTES } from "../catalog/defaults.js";
import type { Store } from "../store/store.js";
import { type PlanFilter, dueJobs } from "./due-jobs.js";
import type { JobRequest } from "./job-request.js";
import { PLAN_QUEUE, type JobQueue } from "./job-queue.js";
import { lastEnqueued } from "./job-table.js";

/** What one plan did: the due jobs, and which of them were new (the rest already waited). */
export interface PlanOutcome {
  readonly due: readonly JobRequest[];
  /** Each due job's new id, in the order of `due`; null where its key already waited. */
  readonly ids: readonly (string | null)[];
  readonly enqueued: readonly string[];
  readonly alreadyQueued: number;
}

/**
 * Enqueues every job due now (see {@link dueJobs}). A job whose key already waits is not added
 * twice: the queues' `stately` policy drops it.
 *
 * @example
 * const { enqueued } = await planJobs(queue, catalog, store, { queues: ["sync", "probe", "update"] });
 */
export async function planJobs(
  queue: JobQueue,
  catalog: Catalog,
  store: Store,
  filter: PlanFilter,
  now = new Date(),
): Promise<PlanOutcome> {
  const due = await dueJobs(catalog, store, await lastEnqueued(queue.boss.getDb()), filter, now);
  const ids = await queue.enqueue(due);
  const enqueued = ids.filter((id): id is string => id !== null);
  return { due, ids, enqueued, alreadyQueued: ids.length - enqueued.length };
}

/**
 * The scheduler: a pg-boss cron schedule of one plan job every few minutes, and a worker for it
 * that runs {@link planJobs}. pg-boss fires a schedule once however many schedulers run (its
 * clock keys each minute's job), so schedulers may run on several machines.
 * https://github.com/timgit/pg-boss/blob/10.x/docs/api/scheduling.md
 *
 * @example
 * await startScheduler(queue, catalog, store, { queues: ["sync", "probe", "update"] }, console.log);
 */
export async function startScheduler(
  queue: JobQueue,
  catalog: Catalog,
  store: Store,
  filter: PlanFilter,
  onPlan: (outcome: PlanOutcome) => void,
): Promise<void> {
  await queue.boss.schedule(PLAN_QUEUE, `*/${PLAN_EVERY_MINUTES} * * * *`, {}, { singletonKey: PLAN_QUEUE });
  await queue.boss.work(PLAN_QUEUE, { pollingIntervalSeconds: queue.settings.pollingIntervalSeconds }, async () => {
    const outcome = await planJobs(queue, catalog, store, filter);
    onPlan(outcome);
    return { due: outcome.due.length, enqueued: outcome.enqueued.length };
  });
}
