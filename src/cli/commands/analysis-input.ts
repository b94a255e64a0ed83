import type { Catalog } from "../../catalog/load-catalog.js";
import { UsageError } from "../../errors/usage-error.js";
import type { Store } from "../../store/store.js";

/** Comma lists from flags. */
export function list(v: string | undefined): readonly string[] {
  return v === undefined
    ? []
    : v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}

/** The catalog distributions that follow `upstream`: the default rebuilds of a comparison. */
export function rebuildsOf(catalog: Catalog, upstream: string): string[] {
  return catalog.distros.filter((d) => d.upstream === upstream).map((d) => d.id);
}

/** Checks that every id is a catalog distribution. */
export function checkDistros(catalog: Catalog, ids: readonly string[]): void {
  for (const id of ids) {
    if (!catalog.distros.some((d) => d.id === id)) {
      throw new UsageError(
        "arguments",
        `no distribution "${id}"; known: ${catalog.distros.map((d) => d.id).join(", ")}`,
      );
    }
  }
}

/** When each distribution's data was last fetched: the as-of time of a measurement. */
export async function asOf(store: Store, distros: readonly string[]): Promise<Record<string, string | null>> {
  const repos = await store.listRepositories();
  const out: Record<string, string | null> = {};
  for (const d of distros) {
    const times = repos.filter((r) => r.distro === d && r.checkedAt !== null).map((r) => r.checkedAt as string);
    out[d] = times.length === 0 ? null : (times.sort()[times.length - 1] ?? null);
  }
  return out;
}
