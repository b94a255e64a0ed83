import type { Catalog } from "../catalog/load-catalog.js";
import type { JobRequest } from "./job-request.js";

/**
 * One update job per distribution with live sources: what `elscope update` fetches, split so
 * that workers share it and a failing distribution is retried alone.
 *
 * @example
 * await queue.enqueue(updateRequests(catalog));
 */
export function updateRequests(catalog: Catalog, only: readonly string[] = []): readonly JobRequest[] {
  return catalog.distros
    .filter((d) => only.length === 0 || only.includes(d.id))
    .filter(
      (d) =>
        (d.releaseDates?.sources.length ?? 0) +
          (d.advisories?.sources.length ?? 0) +
          (d.mirrorNetwork?.lists.length ?? 0) >
        0,
    )
    .map((d) => ({ queue: "update", distro: d.id }));
}
