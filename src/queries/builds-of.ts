import { SourceBuildCollector, type SourceBuild } from "../analyze/source-build.js";
import { NoDataError } from "../errors/no-data-error.js";
import type { Store } from "../store/store.js";
import { noDataAsOf } from "./answer-as-of.js";
import { type QueryContext, remember } from "./query-context.js";

/**
 * The releases of `distro` in the store that belong to `major` (the rolling tree and its minors).
 *
 * @example
 * await releasesInStore(store, "almalinux", "9") // ["9", "9.4", "9.5"]
 */
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

/**
 * The releases to read `distro`'s builds from for `major`: those the store has, or `[major]` when it
 * has none of that major, so nothing synced for 9 is "no data for release 9", never every release.
 *
 * @example
 * await releasesToRead(store, "rocky", "9") // ["9.4"], or ["9"] when nothing of 9 is synced
 */
export async function releasesToRead(store: Store, distro: string, major?: string): Promise<string[]> {
  const releases = await releasesInStore(store, distro, major);
  return releases.length === 0 && major !== undefined ? [major] : releases;
}

/**
 * Source builds of a distribution's synced repositories (optionally of one
 * source package), or a NoDataError naming the command that gets some. Read once per
 * context: the same distribution, releases and package come from the memo.
 *
 * @example
 * await buildsOf(ctx, "rhel", ["9.4"], "kernel")
 */
export function buildsOf(
  ctx: QueryContext,
  distro: string,
  releases: readonly string[],
  sourceName?: string,
): Promise<SourceBuild[]> {
  const key = `builds\u0000${distro}\u0000${[...releases].sort().join(",")}\u0000${sourceName ?? ""}`;
  return remember(ctx, key, () => readBuilds(ctx, distro, releases, sourceName));
}

async function readBuilds(
  ctx: QueryContext,
  distro: string,
  releases: readonly string[],
  sourceName: string | undefined,
): Promise<SourceBuild[]> {
  const store = ctx.store;
  // A fold kept over the same newest snapshots is read instead of folding them again (src/store/build-folds.ts).
  const fingerprint = sourceName === undefined ? await store.buildFoldFingerprint(distro, releases) : null;
  if (fingerprint !== null) {
    const kept = await store.keptBuildFold(distro, releases, fingerprint);
    if (kept !== null) return kept;
  }
  // Folded as the store reads them: a large major's rows are never held as one array.
  const collector = new SourceBuildCollector();
  for await (const b of store.sourceRowBatches(distro, releases, sourceName === undefined ? {} : { sourceName }))
    collector.addBatch(b);
  // Filtered by name, no rows may just mean the distribution lacks that package: only no repository is no data.
  const synced =
    collector.rows > 0 ||
    (sourceName !== undefined &&
      (await store.listRepositories()).some(
        (r) => r.distro === distro && (releases.length === 0 || releases.includes(r.release)),
      ));
  const what = releases.length > 0 ? ` release ${releases.join(",")}` : "";
  const none = noDataAsOf(ctx, !synced, `synced repository of ${distro}${what}`);
  if (none !== null) throw none;
  if (!synced) {
    throw new NoDataError(
      "store",
      `no data for ${distro}${what}: run \`elscope sync --distro ${distro}${releases.length > 0 ? ` --release ${releases.join(",")}` : ""}\` first`,
    );
  }
  const builds = collector.builds();
  if (fingerprint !== null && builds.length > 0)
    await store.keepBuildFold(distro, releases, fingerprint, builds, ctx.now);
  return sourceName === undefined ? builds : builds.filter((b) => b.name === sourceName);
}
