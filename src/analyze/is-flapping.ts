import { type ProbeStatus, SERVING } from "../model/probe-status.js";

/**
 * Whether a mirror flaps: across its recent probes (newest first) it went
 * from serving to failing or back at least twice.
 *
 * @example
 * isFlapping(["in-sync", "unreachable", "in-sync"]) // true
 */
export function isFlapping(statuses: readonly string[]): boolean {
  let changes = 0;
  for (let i = 1; i < statuses.length; i++) {
    if (SERVING.has(statuses[i] as ProbeStatus) !== SERVING.has(statuses[i - 1] as ProbeStatus)) changes++;
  }
  return changes >= 2;
}
