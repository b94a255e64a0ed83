import { ElscopeError } from "./elscope-error.js";

/** Bytes from a source are not what their format says (truncated, malformed, malicious). */
export class ParseError extends ElscopeError {
  readonly kind = "parse" as const;
  override readonly name = "ParseError";
}
