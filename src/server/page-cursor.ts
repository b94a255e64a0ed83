import { createHash } from "node:crypto";

/**
 * The opaque `cursor` of a paged answer: the row the next page starts at, bound to the query
 * and the store's data it was made from (a digest of both), so a cursor given to another query,
 * or kept while the store changed, is refused rather than answering rows that shifted.
 *
 * @example
 * const digest = pageDigest("/api/lag?rebuild=rocky", fingerprint);
 * cursorOffset(encodeCursor(1000, digest), digest) // 1000
 */
export function encodeCursor(offset: number, digest: string): string {
  return Buffer.from(`${offset}.${digest}`, "utf8").toString("base64url");
}

/**
 * The digest a cursor carries: of the query without its paging parameters, and the store's fingerprint.
 *
 * @example
 * pageDigest("/api/lag?rebuild=rocky", await store.fingerprint()) // 16 hex digits
 */
export function pageDigest(query: string, fingerprint: string): string {
  return createHash("sha256").update(`${query}\n${fingerprint}`).digest("hex").slice(0, 16);
}

/**
 * A cursor's parts, or undefined when the text is no cursor this API made (checked for form only).
 *
 * @example
 * decodeCursor(encodeCursor(1000, "0123456789abcdef")) // { offset: 1000, digest: "0123456789abcdef" }
 */
export function decodeCursor(cursor: string): { readonly offset: number; readonly digest: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const m = /^(\d{1,9})\.([0-9a-f]{16})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (m === null) return undefined;
  return { offset: Number(m[1]), digest: m[2] ?? "" };
}

/**
 * The offset a cursor names, if it was made for `digest`; else a message saying why not.
 *
 * @example
 * cursorOffset("nonsense", digest) // 'not a cursor this API made; start without one and follow nextCursor'
 */
export function cursorOffset(cursor: string, digest: string): number | string {
  const c = decodeCursor(cursor);
  if (c === undefined) return "not a cursor this API made; start without one and follow nextCursor";
  if (c.digest !== digest) return "made for another query, or the data changed since; start again without a cursor";
  return c.offset;
}
