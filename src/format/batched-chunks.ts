/**
 * Small pieces of text joined into pieces of about `bytes` characters: one write per piece
 * costs a system call (or an HTTP chunk), so a row's worth is too small, and a whole answer too big.
 *
 * @example
 * [...batchedChunks(["a", "b", "c"], 2)] // ["ab", "c"]
 */
export function* batchedChunks(chunks: Iterable<string>, bytes = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const c of chunks) {
    parts.push(c);
    size += c.length;
    if (size >= bytes) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.join("");
}
