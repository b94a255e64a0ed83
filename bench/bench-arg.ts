/**
 * A benchmark's `--name value` option from the command line, or `fallback` when not given.
 *
 * @example
 * const rounds = Number(benchArg("rounds", "3")); // npm run bench -- --rounds 5
 */
export function benchArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}
