import type { Distro } from "../catalog/catalog-schema.js";
import { PROBE_CADENCE_HOURS, SYNC_CADENCE_HOURS, UPDATE_CADENCE_HOURS } from "../catalog/defaults.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { formatRepoKey } from "../catalog/repo-key.js";
import { type TargetFilter, resolveTargets } from "../catalog/resolve-targets.js";
import { MirrorStore } from "../store/mirror-store.js";
import type { Store } from "../store/store.js";
import { type JobRequest, type WorkQueue, jobKey } from "./job-request.js";
import { updateRequests } from "./update-requests.js";

/** What the scheduler plans: the catalog's repositories that match, and which kinds of job. */
export interface PlanFilter extends TargetFilter {
  readonly queues: readonly WorkQueue[];
}

const HOUR = 3600_000;

/**
 * A distribution's cadence for one kind of job, in hours: its catalog `schedule`, else the default.
 *
 * @example
 * cadenceHours(almalinux, "sync") // 6
 */
export function cadenceHours(distro: Distro, queue: "sync" | "probe" | "update"): number {
  const s = distro.schedule;
  if (queue === "sync") return s?.syncHours ?? SYNC_CADENCE_HOURS;
  if (queue === "probe") return s?.probeHours ?? PROBE_CADENCE_HOURS;
  return s?.updateHours ?? UPDATE_CADENCE_HOURS;
}

/**
 * The jobs due at `now`: each repository whose last check (in the store) and last job (in the
 * queue) are both older than its cadence, each distribution with mirrors whose last probe job
 * is, and each with live sources whose last update job is. Imports are never periodic.
 *
 * @example
 * const due = await dueJobs(catalog, store, await lastEnqueued(db), { queues: ["sync"] }, new Date());
 */
export async function dueJobs(
  catalog: Catalog,
  store: Store,
  enqueued: ReadonlyMap<string, Date>,
  filter: PlanFilter,
  now: Date,
): Promise<readonly JobRequest[]> {
  const byId = new Map(catalog.distros.map((d) => [d.id, d]));
  const wanted = (d: Distro): boolean => filter.distros === undefined || filter.distros.includes(d.id);
  const due = (r: JobRequest, distro: Distro, cadence: "sync" | "probe" | "update", checked: string | null) => {
    const times = [checked === null ? 0 : Date.parse(checked), enqueued.get(`${r.queue} ${jobKey(r)}`)?.getTime() ?? 0];
    return now.getTime() - Math.max(...times) >= cadenceHours(distro, cadence) * HOUR;
  };
  const out: JobRequest[] = [];
  if (filter.queues.includes("sync")) {
    const checked = new Map((await store.listRepositories()).map((r) => [r.key, r.checkedAt]));
    for (const target of resolveTargets(catalog, filter)) {
      const distro = byId.get(target.key.distro);
      const r: JobRequest = { queue: "sync", target };
      if (distro !== undefined && due(r, distro, "sync", checked.get(formatRepoKey(target.key)) ?? null)) out.push(r);
    }
  }
  if (filter.queues.includes("probe")) {
    const withMirrors = new Set((await new MirrorStore(store.db).currentMirrors()).map((m) => m.distro));
    for (const d of catalog.distros.filter((x) => wanted(x) && withMirrors.has(x.id))) {
      const r: JobRequest = { queue: "probe", distro: d.id };
      if (due(r, d, "probe", null)) out.push(r);
    }
  }
  if (filter.queues.includes("update")) {
    for (const r of updateRequests(catalog, filter.distros ?? [])) {
      const distro = r.queue === "update" ? byId.get(r.distro) : undefined;
      if (distro !== undefined && due(r, distro, "update", null)) out.push(r);
    }
  }
  return out;
}
