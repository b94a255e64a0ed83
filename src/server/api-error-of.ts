import { HTTPException } from "hono/http-exception";
import { ElscopeError } from "../errors/elscope-error.js";
import { ApiError } from "./api-error.js";

/**
 * The one mapping from anything a handler throws to the API's JSON error:
 * NoDataError (and only it) is 404 `no-data`, UsageError 400 `usage`, ConfigError
 * 500 `config`, SourceError and ParseError 502 (a source answered badly: the server
 * is a gateway to it, RFC 9110 §15.6.3), anything else 500 `internal`. The message
 * is the error's own; a stack never leaves the server.
 * See https://www.rfc-editor.org/rfc/rfc9110#section-15
 *
 * @example
 * apiErrorOf(new NoDataError("store", "no data for rocky")) // ApiError 404 "no-data"
 */
export function apiErrorOf(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof ElscopeError) {
    switch (e.kind) {
      case "no-data":
        return new ApiError(404, "no-data", e.message);
      // "arguments" (the source id of a UsageError) means the command line: a client sent parameters.
      case "usage":
        return new ApiError(400, "usage", e.problem);
      case "config":
        return new ApiError(500, "config", e.message);
      case "source":
      case "parse":
        return new ApiError(502, e.kind, e.message);
    }
  }
  if (e instanceof HTTPException)
    return new ApiError(e.status, e.status >= 500 ? "internal" : "usage", e.message || "bad request");
  return new ApiError(500, "internal", e instanceof Error ? e.message : String(e));
}
