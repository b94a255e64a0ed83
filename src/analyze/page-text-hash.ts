import { createHash } from "node:crypto";

/**
 * A page's text as a reader sees it, for comparing two reads of a page: scripts, styles and
 * comments dropped, tags stripped, the common character references decoded, whitespace
 * collapsed. Markup churn (a new build id, reordered attributes) is no change; changed words are.
 *
 * @example
 * pageText("<p>Hello,\n <b>world</b></p>") // "Hello, world"
 */
export function pageText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The SHA-256 (hex) of a page's text (pageText): equal for two reads that say the same.
 *
 * @example
 * pageTextHash("<p>a  b</p>") === pageTextHash("<div>a b</div>") // true
 */
export function pageTextHash(html: string): string {
  return createHash("sha256").update(pageText(html)).digest("hex");
}
