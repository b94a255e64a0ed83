import { ElscopeError } from "../../src/errors/elscope-error.js";

/** What one input did. */
export type Outcome = "accepted" | "refused" | "crash" | "hang" | "memory";

// C0 and C1 controls, DEL and the Unicode line separators: none belongs in a one-line message.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Whether `message` is one printable line (no newline, no raw control character), as every
 * message elscope shows a user must be.
 *
 * @example
 * isCleanLine("osv: a.json: not JSON") // true
 */
export function isCleanLine(message: string): boolean {
  return message.length > 0 && !CONTROL.test(message);
}

/** A message safe to print in a summary or save as JSON: controls escaped, first 300 characters. */
export function escapeMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === "\n" ? "\\n" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.length > 300 ? `${escaped.slice(0, 300)}...` : escaped;
}

/**
 * Refused when `e` is an elscope error with a clean one-line message; a crash otherwise (a
 * TypeError, a stack overflow, a message with a raw control character or a newline).
 *
 * @example
 * classifyError(new RangeError("Maximum call stack size exceeded")).outcome // "crash"
 */
export function classifyError(e: unknown): { readonly outcome: "refused" | "crash"; readonly message: string } {
  if (e instanceof ElscopeError) {
    if (isCleanLine(e.message)) return { outcome: "refused", message: e.message };
    return { outcome: "crash", message: `${e.name} with an unclean message: ${escapeMessage(e.message)}` };
  }
  const name = e instanceof Error ? e.name : typeof e;
  const message = e instanceof Error ? e.message : String(e);
  return { outcome: "crash", message: `${name}: ${escapeMessage(message)}` };
}
