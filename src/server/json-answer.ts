import { renderAnswer } from "./render-answer.js";

/**
 * A JSON answer with sorted keys (the CLI's `--json` form, so both read alike and diff cleanly).
 *
 * @example
 * await jsonAnswer({ b: 1, a: 2 }).text() // '{\n  "a": 2,\n  "b": 1\n}\n'
 */
export function jsonAnswer(value: unknown, status = 200): Response {
  const { type, body } = renderAnswer(value, "json");
  return new Response(body, { status, headers: { "content-type": type } });
}
