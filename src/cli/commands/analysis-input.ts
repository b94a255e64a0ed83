import { collectSourceBuilds, type SourceBuild } from "../../analyze/source-build.js";
import type { Catalog } from "../../catalog/load-catalog.js";
import { SourceError } from "../../errors/source-error.js";
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

/** The releases of `distro` in the store that belong to `major` (the rolling tree and its minors). */
export async function releasesInStore(store: Store, distro: string, major?: string): Promise<string[]> {
  const repos = await store.listRepositories();
  return [
    ...new Set(
      repos
        .filter((r) => r.distro === distro && (major === undefined || r.release.split(".")[0] === major))
        .map((r) => r.release),
    ),
  ];
}

/** Source builds of a distribution's synced repositories, or a clear "no data" error naming the command that gets some. */
export async function buildsOf(
  store: Store,
  distro: string,
  releases: readonly string[],
  sourceName?: string,
): Promise<SourceBuild[]> {
  const rows = await store.currentSourceRows(distro, releases, sourceName === undefined ? {} : { sourceName });
  // Filtered by name, no rows may just mean the distribution lacks that package: only no repository is no data.
  const synced =
    rows.length > 0 ||
    (sourceName !== undefined &&
      (await store.listRepositories()).some(
        (r) => r.distro === distro && (releases.length === 0 || releases.includes(r.release)),
      ));
  if (!synced) {
    const what = releases.length > 0 ? ` release ${releases.join(",")}` : "";
    throw new SourceError(
      "store",
      `no data for ${distro}${what}: run \`elscope sync --distro ${distro}${releases.length > 0 ? ` --release ${releases.join(",")}` : ""}\` first`,
    );
  }
  const builds = collectSourceBuilds(rows);
  return sourceName === undefined ? builds : builds.filter((b) => b.name === sourceName);
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
