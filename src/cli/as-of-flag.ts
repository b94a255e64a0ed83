import { parseAsOf } from "../queries/parse-as-of.js";

/**
 * The `--as-of` of a reading command (packages, repos, parity, diff, lag, mirrors stats, images,
 * report), parsed (parseAsOf: a day is the end of that day UTC); undefined without one. Not
 * `import --as-of`, which says when a copy was taken.
 *
 * @example
 * queryContext(store, catalog, new Date(), asOfFlag(opts));
 */
export function asOfFlag(opts: { readonly asOf?: string }): Date | undefined {
  return opts.asOf === undefined ? undefined : parseAsOf(opts.asOf, "--as-of");
}

/**
 * The line a text output starts with when it reads the history as of a time: `as of T (--as-of)`.
 * Empty without one, so newest-state outputs stay as they were.
 *
 * @example
 * process.stdout.write(asOfLine(asOf)); // "as of 2025-06-30T23:59:59.999Z (--as-of)\n"
 */
export function asOfLine(asOf: Date | undefined): string {
  return asOf === undefined ? "" : `as of ${asOf.toISOString()} (--as-of)\n`;
}
