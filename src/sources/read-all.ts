/** Collects a byte stream into one buffer; release tables are small. */
export async function readAll(chunks: AsyncIterable<Uint8Array>, max = 16 << 20): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.length;
    if (size > max) throw new RangeError(`larger than ${max} bytes`);
    parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}
