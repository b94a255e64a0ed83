import { ElscopeError } from "./elscope-error.js";

/** A source could not be reached or answered wrongly (network, HTTP status, checksum, signature). */
export class SourceError extends ElscopeError {
  readonly kind = "source" as const;
  override readonly name = "SourceError";
}
