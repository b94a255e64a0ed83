/**
 * The middle value of `xs` (the upper one of the two middles for an even count); NaN when empty.
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
