import type { Store } from "../store/store.js";

/** A finished answer: what the cache keeps and a handler sends. */
export interface Answer {
  readonly type: string;
  readonly body: string;
  /** Served but not kept: a stored answer whose refresh is under way. */
  readonly transient?: boolean;
  /** Where it came from, for the `x-elscope-answer` header (see StoredAnswers). */
  readonly origin?: string;
  /** The body as UTF-8, made once when it is kept: a kept answer is sent many times. */
  readonly bytes?: Uint8Array;
}

/**
 * Answers kept until the store changes (its fingerprint), so a dashboard reload is instant on a
 * large store. Big answers are not kept: at most 32 entries of at most 8 MB each, the oldest
 * used dropped first. Failures are never kept.
 *
 * @example
 * const cache = new AnswerCache(store);
 * await cache.get("2026-01-01 /api/repos?", async () => ({ type: "text/csv", body: "a\r\n" }));
 */
export class AnswerCache {
  readonly #entries = new Map<string, Answer & { readonly fingerprint: string }>();

  constructor(
    private readonly store: Store,
    private readonly limits: { readonly entries: number; readonly bytes: number } = { entries: 32, bytes: 8 << 20 },
  ) {}

  /** The kept answer of `key`, if the store has not changed since it was kept. */
  async peek(key: string): Promise<Answer | null> {
    const hit = this.#entries.get(key);
    if (hit === undefined || hit.fingerprint !== (await this.store.fingerprint())) return null;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit;
  }

  /** Keeps `answer`, made from the store as of `fingerprint`, if it is small enough. */
  keep(key: string, answer: Answer, fingerprint: string): void {
    this.#entries.delete(key);
    if (answer.transient === true || answer.body.length > this.limits.bytes) return;
    this.#entries.set(key, { ...answer, bytes: answer.bytes ?? Buffer.from(answer.body, "utf8"), fingerprint });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.limits.entries) break;
      this.#entries.delete(oldest);
    }
  }

  async get(key: string, make: () => Promise<Answer>): Promise<Answer> {
    const fingerprint = await this.store.fingerprint();
    const hit = this.#entries.get(key);
    if (hit !== undefined && hit.fingerprint === fingerprint) {
      // Map order is insertion order: re-inserting makes this the newest used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const fresh = await make();
    this.keep(key, fresh, fingerprint);
    return this.#entries.get(key) ?? fresh;
  }
}
