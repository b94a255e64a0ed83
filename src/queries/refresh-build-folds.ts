import type { Catalog } from "../catalog/load-catalog.js";
import { NoDataError } from "../errors/no-data-error.js";
import type { Store } from "../store/store.js";
import { buildsOf } from "./builds-of.js";
import { queryContext } from "./query-context.js";

/**
 * Folds again the kept source-build folds of `distros` (`["*"]`: every one) that writes made
 * unread, and keeps them, so the first question after a sync reads a fold as later ones do
 * instead of folding the distribution's rows itself. Only folds someone asked for are kept, so
 * only those are made again; one still fresh, or one of a distribution left with no data, is
 * skipped. Returns how many were folded.
 *
 * @example
 * await refreshBuildFolds(store, catalog, ["rocky"]); // after a sync of rocky:9.5/BaseOS/x86_64
 */
export async function refreshBuildFolds(
  store: Store,
  catalog: Catalog,
  distros: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  let folded = 0;
  for (const kept of await store.keptBuildFolds()) {
    if (!distros.includes("*") && !distros.includes(kept.distro)) continue;
    const fingerprint = await store.buildFoldFingerprint(kept.distro, kept.releases);
    if (fingerprint === null || fingerprint === kept.fingerprint) continue;
    try {
      // A context of its own for each: its memo must not hand back the fold it is replacing.
      await buildsOf(queryContext(store, catalog, now), kept.distro, kept.releases);
      folded++;
    } catch (e) {
      if (!(e instanceof NoDataError)) throw e;
    }
  }
  return folded;
}
