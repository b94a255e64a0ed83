import type { Catalog } from "../catalog/load-catalog.js";
import type { Store } from "../store/store.js";

/**
 * What every use case reads from: the store, the catalog, the clock, and a memo so that the
 * report's sections (parity and update lag read the same builds; errata lag and exposure the
 * same advisories) read each thing once.
 *
 * @example
 * const ctx = queryContext(store, catalog);
 * await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"] });
 */
export interface QueryContext {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly now: Date;
  /** Answers by key, filled by {@link remember}. */
  readonly memo: Map<string, Promise<unknown>>;
}

/** A fresh context: one per command, API request or report. */
export function queryContext(store: Store, catalog: Catalog, now: Date = new Date()): QueryContext {
  return { store, catalog, now, memo: new Map() };
}

/**
 * The answer `make` gives for `key`, made once per context.
 *
 * @example
 * await remember(ctx, `builds ${distro}`, () => readBuilds(ctx.store, distro));
 */
export function remember<T>(ctx: QueryContext, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(key) as Promise<T> | undefined;
  if (p === undefined) {
    p = make();
    ctx.memo.set(key, p);
  }
  return p;
}
