import { ElscopeError } from "./elscope-error.js";

/**
 * The store holds nothing to answer with: a measurement asked of data never synced or imported.
 * The message names the command that gets the data. Not a failure of any source, so it has its
 * own exit code, and the API answers it (and only it) with 404 "no-data".
 *
 * @example
 * throw new NoDataError("store", "no data for rocky release 9.4: run `elscope sync --distro rocky --release 9.4` first");
 */
export class NoDataError extends ElscopeError {
  readonly kind = "no-data" as const;
  override readonly name = "NoDataError";
}
