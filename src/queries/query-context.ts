import type { SourceBuild } from "../analyze/source-build.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { Store } from "../store/store.js";

/**
 * What every use case reads from: the store, the catalog, the clock, and a memo so that the
 * report's sections (parity and update lag read the same builds) read each set of builds once.
 *
 * @example
 * const ctx = queryContext(store, catalog);
 * await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"] });
 */
export interface QueryContext {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly now: Date;
  /** Source builds by distribution, releases and package; filled by {@link buildsOf}. */
  readonly builds: Map<string, Promise<SourceBuild[]>>;
}

/** A fresh context: one per command, API request or report. */
export function queryContext(store: Store, catalog: Catalog, now: Date = new Date()): QueryContext {
  return { store, catalog, now, builds: new Map() };
}
