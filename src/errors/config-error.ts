import { ElscopeError } from "./elscope-error.js";

/** The catalog or the command line asks for something impossible or invalid. */
export class ConfigError extends ElscopeError {
  readonly kind = "config" as const;
  override readonly name = "ConfigError";
}
