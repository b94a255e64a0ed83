/** The kinds of API error a client can tell apart; `no-data` names the command that gets the data. */
export const API_ERROR_KINDS = [
  "usage",
  "no-data",
  "not-found",
  "method",
  "unauthorized",
  "forbidden",
  "busy",
  "config",
  "source",
  "parse",
  "internal",
] as const;

export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

/**
 * An HTTP API failure: status, a machine-readable kind and a message; sent as
 * `{"error": {"kind", "message"}}`.
 *
 * @example
 * throw new ApiError(409, "busy", "an update is already running");
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ApiErrorKind,
    message: string,
  ) {
    super(message);
  }
}
