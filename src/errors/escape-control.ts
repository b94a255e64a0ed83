// C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidi marks,
// embeddings, overrides and isolates: each can move the cursor, clear a terminal, start a new
// line or reorder what a reader sees, so none may reach a terminal from input.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Text as one safe line: every control character written as an escape (`\n`, `\x1b`, `\u2028`),
 * everything else as it is. Idempotent: what it writes holds no control character.
 *
 * @example
 * escapeControl("bad\x1b[2J\nname") // "bad\\x1b[2J\\nname"
 */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}
