import { ElscopeError } from "./elscope-error.js";

/** A command was called with arguments that do not fit it. */
export class UsageError extends ElscopeError {
  readonly kind = "usage" as const;
  override readonly name = "UsageError";
}
