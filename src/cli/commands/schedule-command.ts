import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { JobQueue } from "../../jobs/job-queue.js";
import { jobKey } from "../../jobs/job-request.js";
import { type PlanOutcome, planJobs, startScheduler } from "../../jobs/plan-jobs.js";
import type { PlanFilter } from "../../jobs/due-jobs.js";
import { requirePostgresStore } from "../../jobs/require-postgres-store.js";
import { resolveDbPath } from "../../store/resolve-db-path.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { queuesOf } from "./worker-command.js";

export interface ScheduleCommandOptions extends GlobalOptions {
  readonly once?: boolean;
  readonly distro?: string;
  readonly release?: string;
  readonly repo?: string;
  readonly arch?: string;
  readonly queues?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

const list = (v: string | undefined): readonly string[] | undefined => (v === undefined ? undefined : commaList(v));

/** The catalog filters and queues `elscope schedule` (and `elscope serve --schedule`) plans for. */
export function planFilterOf(opts: ScheduleCommandOptions): PlanFilter {
  return {
    distros: list(opts.distro),
    releases: list(opts.release),
    repos: list(opts.repo),
    arches: list(opts.arch),
    queues: queuesOf(opts.queues, ["sync", "probe", "update"]),
  };
}

/** One line per plan: how many jobs were due and how many were new. */
export function planLine(o: PlanOutcome): string {
  return `elscope schedule: ${o.due.length} jobs due, ${o.enqueued.length} enqueued, ${o.alreadyQueued} already queued\n`;
}

/**
 * `elscope schedule`: enqueues the catalog's periodic jobs (each repository's sync on its cadence,
 * mirror probes, live sources) for workers to run. With `--once`, what is due now, then exits
 * (for cron and tests); without, a plan every few minutes until SIGTERM or SIGINT.
 */
export async function scheduleCommand(opts: ScheduleCommandOptions): Promise<void> {
  const db = resolveDbPath(opts.db);
  requirePostgresStore(db, "schedules");
  const filter = planFilterOf(opts);
  const catalog = openCatalog(opts);
  await withStore(opts, async (store) => {
    const queue = await JobQueue.open(db, { schedule: opts.once !== true });
    try {
      if (opts.once === true) {
        const o = await planJobs(queue, catalog, store, filter);
        if (opts.json === true)
          printJson({
            due: o.due.map((r) => ({ queue: r.queue, key: jobKey(r) })),
            enqueued: o.enqueued,
            alreadyQueued: o.alreadyQueued,
          });
        else if (opts.csv === true)
          process.stdout.write(
            renderCsv(o.due.map((r, i) => ({ queue: r.queue, key: jobKey(r), id: o.ids[i] ?? null }))),
          );
        else process.stdout.write(planLine(o));
        return;
      }
      await startScheduler(queue, catalog, store, filter, (o) => process.stderr.write(planLine(o)));
      process.stderr.write(`elscope schedule: planning every few minutes in ${store.location}\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGTERM", () => resolve());
        process.once("SIGINT", () => resolve());
      });
    } finally {
      await queue.stop();
    }
  });
}
