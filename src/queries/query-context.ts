import type { Catalog } from "../catalog/load-catalog.js";
import type { Store } from "../store/store.js";

/**
 * What every use case reads from: the store, the catalog, the clock, and a memo so that the
 * report's sections (parity and update lag read the same builds; errata lag and exposure the
 * same advisories) read each thing once. With `asOf`, every read is of the history as the store
 * knew it then (`store` is then the view {@link Store.at} gives), and `asOf` is the clock the
 * answer is measured on.
 *
 * @example
 * const ctx = queryContext(store, catalog);
 * await updateLagQuery(ctx, { upstream: "rhel", rebuilds: ["almalinux"] });
 */
export interface QueryContext {
  readonly store: Store;
  readonly catalog: Catalog;
  /** The wall clock: when the answer is made. */
  readonly now: Date;
  /** `--as-of` / `?asOf=`: the time the history is read as of; absent for the newest state. */
  readonly asOf?: Date;
  /** Answers by key, filled by {@link remember}. */
  readonly memo: Map<string, Promise<unknown>>;
}

/** A fresh context: one per command, API request or report; with `asOf`, reading the history as of then. */
export function queryContext(store: Store, catalog: Catalog, now: Date = new Date(), asOf?: Date | null): QueryContext {
  if (asOf === undefined || asOf === null) return { store, catalog, now, memo: new Map() };
  return { store: store.at(asOf), catalog, now, asOf, memo: new Map() };
}

/**
 * The time an answer is measured at: the as-of time when one is asked, else the wall clock (what
 * is pending, which support phase a release is in).
 *
 * @example
 * measuredAt(queryContext(store, catalog, new Date(), new Date("2025-01-31T23:59:59.999Z"))) // 2025-01-31T23:59:59.999Z
 */
export function measuredAt(ctx: QueryContext): Date {
  return ctx.asOf ?? ctx.now;
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
