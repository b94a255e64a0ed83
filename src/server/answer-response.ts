import type { Answer } from "./answer-cache.js";

/**
 * The HTTP response of a finished answer; `x-elscope-answer` says whether it was computed for
 * this request or kept in the store (and whether its refresh is under way).
 *
 * @example
 * answerResponse({ type: "application/json", body: "{}\n", origin: "stored" }).headers.get("x-elscope-answer") // "stored"
 */
export function answerResponse(answer: Answer): Response {
  return new Response(answer.bytes ?? answer.body, {
    headers: { "content-type": answer.type, "x-elscope-answer": answer.origin ?? "computed" },
  });
}
