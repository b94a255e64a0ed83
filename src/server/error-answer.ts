import type { ApiError } from "./api-error.js";
import { jsonAnswer } from "./json-answer.js";

/**
 * The JSON answer of an API error: `{"error": {"kind", "message"}}` with its status.
 *
 * @example
 * errorAnswer(new ApiError(404, "not-found", "no endpoint /x")).status // 404
 */
export function errorAnswer(e: ApiError): Response {
  return jsonAnswer({ error: { kind: e.kind, message: e.message } }, e.status);
}
