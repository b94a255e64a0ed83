/**
 * Joins the small pieces a pipe or a native decoder hands out (64 KiB or less) into
 * pieces of at least `size` bytes: the parser copies less when given fewer, larger ones.
 * It pulls one piece at a time, so backpressure reaches the producer and memory stays at
 * about `size` bytes.
 *
 * @example
 * for await (const chunk of coalesceChunks(child.stdout, 1 << 18)) parse(chunk);
 */
export async function* coalesceChunks(
  source: AsyncIterable<Buffer>,
  size: number,
): AsyncGenerator<Buffer, void, undefined> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const chunk of source) {
    parts.push(chunk);
    held += chunk.length;
    if (held >= size) {
      yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, held);
      parts = [];
      held = 0;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}
