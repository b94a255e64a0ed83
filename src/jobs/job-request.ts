import type { SyncTarget } from "../catalog/sync-target.js";
import { formatRepoKey } from "../catalog/repo-key.js";

/** The queues a worker takes jobs from; `plan` is the scheduler's own. */
export const WORK_QUEUES = ["sync", "probe", "import", "update"] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

/**
 * One job, as it is stored in pg-boss's `data` column: what to run, complete enough that a
 * worker on another machine needs nothing but the store (a sync carries its resolved target).
 */
export type JobRequest =
  | { readonly queue: "sync"; readonly target: SyncTarget }
  | { readonly queue: "probe"; readonly distro: string }
  | {
      readonly queue: "import";
      readonly kind: string;
      readonly location: string;
      readonly distro: string;
      readonly label: string;
    }
  | { readonly queue: "update"; readonly distro: string };

/**
 * The job's key (pg-boss singletonKey): two requests with one key are the same work, so the
 * queue holds at most one of them queued and one active (the `stately` policy).
 *
 * @example
 * jobKey({ queue: "update", distro: "almalinux" }) // "almalinux"
 */
export function jobKey(request: JobRequest): string {
  switch (request.queue) {
    case "sync":
      return formatRepoKey(request.target.key);
    case "import":
      return `${request.distro}:${request.kind}:${request.location}`;
    default:
      return request.distro;
  }
}
