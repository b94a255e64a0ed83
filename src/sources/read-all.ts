import { ParseError } from "../errors/parse-error.js";
import type { ParseContext } from "./source-driver.js";

/** A byte count as people read limits: 1 MiB, 16 MiB, 512 MiB, or bytes below a KiB. */
function bytesText(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

/**
 * Collects a byte stream into one buffer of at most `max` bytes. Reading stops at the first
 * chunk past the limit (the stream is closed, so memory stays bounded whatever the input's size)
 * and fails with a "too large" ParseError naming the source and file, before any parsing.
 *
 * @example
 * const bytes = await readAll(createReadStream(path), 1 << 20, { sourceId: "almalinux:almalinux-mirrors", file: "mirrors.d/a.yml" });
 */
export async function readAll(
  chunks: AsyncIterable<Uint8Array>,
  max = 16 << 20,
  ctx: ParseContext = { sourceId: "input", file: "" },
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of chunks) {
    size += c.length;
    if (size > max)
      throw new ParseError(ctx.sourceId, `too large: more than ${bytesText(max)}, the limit for this kind of file`, {
        file: ctx.file,
      });
    parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}
