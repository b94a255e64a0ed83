import PgBoss from "pg-boss";
import { ConfigError } from "../errors/config-error.js";
import { displayLocation, storeLocation } from "../store/store-location.js";
import { requirePostgresStore } from "./require-postgres-store.js";
import { type JobRequest, WORK_QUEUES, jobKey } from "./job-request.js";
import { type JobSettings, jobSettings } from "./job-settings.js";

/** The scheduler's queue: one cron job whose handler enqueues what is due. */
export const PLAN_QUEUE = "plan";

/** How a process uses the queue: only to send jobs, or also to run them (and expire lost ones). */
export interface JobQueueOptions {
  /** Run pg-boss's maintenance (expiry of jobs whose worker died, archiving) in this process. */
  readonly supervise?: boolean;
  /** Run pg-boss's cron clock in this process (the scheduler). */
  readonly schedule?: boolean;
  readonly settings?: JobSettings;
}

/**
 * A pg-boss instance on the store's PostgreSQL database (its own `pgboss` schema beside the
 * store's tables), with elscope's queues created. Every queue is `stately`: per key at most
 * one job waiting and one active, so a repository is never synced twice at once and a second
 * request while one waits is dropped. Retries back off exponentially.
 * https://github.com/timgit/pg-boss/blob/10.x/docs/api/queues.md
 *
 * @example
 * const queue = await JobQueue.open("postgres://elscope@127.0.0.1/elscope");
 * await queue.enqueue([{ queue: "update", distro: "almalinux" }]);
 * await queue.stop();
 */
export class JobQueue {
  private constructor(
    readonly boss: PgBoss,
    readonly settings: JobSettings,
  ) {}

  /** Opens the queue of the store `db` names; a SQLite store has none (ConfigError, exit 3). */
  static async open(db: string, options: JobQueueOptions = {}): Promise<JobQueue> {
    const url = requirePostgresStore(db, "workers");
    const settings = options.settings ?? jobSettings();
    const boss = new PgBoss({
      connectionString: url,
      application_name: "elscope",
      max: 4,
      supervise: options.supervise ?? false,
      schedule: options.schedule ?? false,
      maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
      // Completed jobs stay in pgboss.job a day (`elscope jobs` shows them), then move to the archive.
      archiveCompletedAfterSeconds: 24 * 3600,
      archiveFailedAfterSeconds: 7 * 24 * 3600,
    });
    // pg-boss reports background errors (a lost connection) as events; without a listener they would end the process.
    boss.on("error", (e) => process.stderr.write(`elscope: job queue: ${e.message}\n`));
    try {
      await boss.start();
    } catch (e) {
      throw new ConfigError(
        "store",
        `cannot open the job queue at ${displayLocation(storeLocation(url))}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const queue = new JobQueue(boss, settings);
    await queue.createQueues();
    return queue;
  }

  /** Creates the queues, or brings their retry and expiry options to these settings. */
  private async createQueues(): Promise<void> {
    const options = {
      policy: "stately" as const,
      retryLimit: this.settings.retryLimit,
      retryDelay: this.settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.settings.expireInSeconds,
    };
    for (const name of [...WORK_QUEUES, PLAN_QUEUE]) {
      await this.boss.createQueue(name, { name, ...options });
      await this.boss.updateQueue(name, { name, ...options });
    }
  }

  /**
   * Sends each request to its queue, keyed; answers the new job ids, null for a request
   * dropped because the same key already waits.
   */
  async enqueue(requests: readonly JobRequest[]): Promise<readonly (string | null)[]> {
    const ids: (string | null)[] = [];
    for (const r of requests) ids.push(await this.boss.send(r.queue, r, { singletonKey: jobKey(r) }));
    return ids;
  }

  /**
   * Stops taking jobs; waits up to `timeoutMs` for running ones, then fails what still runs so
   * another worker retries it (https://github.com/timgit/pg-boss/blob/10.x/docs/api/ops.md).
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
  }
}
