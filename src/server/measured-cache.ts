import type { Store } from "../store/store.js";

/**
 * Measured answers (the values, before rendering) of paged endpoints, kept until the store
 * changes, so walking a whole major's lag page by page measures it once. Few are kept (2 by
 * default): each may be a whole release's rows. Failures are never kept.
 *
 * @example
 * const { value, fingerprint } = await cache.get("2026-01-01 /api/lag?rebuild=rocky", () => measure());
 */
export class MeasuredCache {
  readonly #entries = new Map<string, { readonly value: unknown; readonly fingerprint: string }>();

  constructor(
    private readonly store: Store,
    private readonly entries = 2,
  ) {}

  /**
   * `make`'s answer with the store's fingerprint, made now and not kept: an answer as of a time
   * (the cache holds the newest state only).
   */
  async fresh(make: () => Promise<unknown>): Promise<{ readonly value: unknown; readonly fingerprint: string }> {
    const fingerprint = await this.store.fingerprint();
    return { value: await make(), fingerprint };
  }

  async get(
    key: string,
    make: () => Promise<unknown>,
  ): Promise<{ readonly value: unknown; readonly fingerprint: string }> {
    const fingerprint = await this.store.fingerprint();
    const hit = this.#entries.get(key);
    this.#entries.delete(key);
    if (hit !== undefined && hit.fingerprint === fingerprint) {
      this.#entries.set(key, hit);
      return hit;
    }
    const fresh = { value: await make(), fingerprint };
    this.#entries.set(key, fresh);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.entries) break;
      this.#entries.delete(oldest);
    }
    return fresh;
  }
}
