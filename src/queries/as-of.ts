import type { Store } from "../store/store.js";

/**
 * When each distribution's repositories were last checked: the as-of time of a measurement
 * over synced packages (null when none is synced).
 *
 * @example
 * await asOf(store, ["rhel", "almalinux"]) // { almalinux: "2026-11-30T08:00:00.000Z", rhel: null }
 */
export async function asOf(store: Store, distros: readonly string[]): Promise<Record<string, string | null>> {
  const repos = await store.listRepositories();
  const out: Record<string, string | null> = {};
  for (const d of distros) {
    const times = repos.filter((r) => r.distro === d && r.checkedAt !== null).map((r) => r.checkedAt as string);
    out[d] = times.length === 0 ? null : (times.sort().at(-1) ?? null);
  }
  return out;
}
