/**
 * One string for each value seen, up to a bound: the same name, version or release in every
 * distribution and release is then one string, not one per build (a whole major holds 450,000).
 * A value is kept as its own copy, never as a slice of the text it was cut from, so a kept name
 * never holds a whole repository's text alive.
 *
 * @example
 * const pool = new StringPool(); pool.get("1.el9") === pool.get(["1", "el9"].join(".")) // true: the first one
 */
export class StringPool {
  readonly #strings = new Map<string, string>();
  constructor(readonly limit = 1 << 18) {}

  get(value: string): string {
    const kept = this.#strings.get(value);
    if (kept !== undefined) return kept;
    if (this.#strings.size >= this.limit) return value;
    // V8 cuts a slice of 13 characters or more as a view of its parent (shorter ones are copies); a
    // concatenation cut again is flattened into a fresh string first. V8's behaviour, not a promise:
    // test/build-folds.test.ts measures that a pooled slice does not keep its text alive.
    const own = value.length < 13 ? value : ` ${value}`.slice(1);
    this.#strings.set(own, own);
    return own;
  }
}

/**
 * Shared by every reader of builds: the upstream and each rebuild mostly name the same builds.
 * Bounded, so a long-running server keeps at most this many strings (a few MB) however much it reads.
 */
export const SHARED_POOL = new StringPool();
