/**
 * The latest of some ISO times (they sort as text), or null when none is known: a figure
 * read from several sources is as of the newest of them.
 *
 * @example
 * newest(["2026-07-15T00:00:00.000Z", null, "2026-08-01T00:00:00.000Z"]) // "2026-08-01T00:00:00.000Z"
 */
export function newest(times: readonly (string | null)[]): string | null {
  return (
    times
      .filter((x): x is string => x !== null)
      .sort()
      .at(-1) ?? null
  );
}
