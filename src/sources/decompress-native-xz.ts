import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import type { Duplex } from "node:stream";

/** The part of lzma-native (untyped) this file uses. */
interface LzmaNative {
  createDecompressor(options?: { readonly bufsize?: number }): Duplex;
}

let loaded: LzmaNative | null | undefined;

/**
 * lzma-native, loaded on first use and only when asked for: it is not a dependency (the system
 * `xz` measured faster, see decompress.ts), so it is there only where installed for the bench.
 * Null when it cannot load.
 */
function lzmaNative(): LzmaNative | null {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)("lzma-native") as LzmaNative;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

// liblzma's error codes in the words `xz` itself prints for them, so both decoders give the
// same one-line message: https://github.com/tukaani-project/xz/blob/v5.4.1/src/xz/message.c
// (message_strm). A truncated file ends in LZMA_BUF_ERROR: no progress is possible without
// more input.
const XZ_WORDS: Readonly<Record<string, string>> = {
  LZMA_BUF_ERROR: "Unexpected end of input",
  LZMA_DATA_ERROR: "Compressed data is corrupt",
  LZMA_FORMAT_ERROR: "File format not recognized",
  LZMA_OPTIONS_ERROR: "Unsupported options",
  LZMA_MEM_ERROR: "Cannot allocate memory",
  LZMA_MEMLIMIT_ERROR: "Memory usage limit reached",
  LZMA_UNSUPPORTED_CHECK: "Unsupported type of integrity check",
};

/**
 * Streams the decompressed bytes of the .xz file at `path` through liblzma in this process
 * (lzma-native decodes on a thread of its own, so parsing still overlaps decoding); null when
 * lzma-native cannot load. A bad file rejects with `fail(xz's words for the problem)`.
 *
 * @example
 * const chunks = decompressNativeXz("primary.xml.xz", 1 << 18, (p) => new Error(p));
 */
export function decompressNativeXz(
  path: string,
  chunk: number,
  fail: (problem: string, cause?: unknown) => Error,
): AsyncGenerator<Buffer, void, undefined> | null {
  const lzma = lzmaNative();
  if (lzma === null) return null;
  return (async function* () {
    const decoder = lzma.createDecompressor({ bufsize: chunk });
    const input = createReadStream(path, { highWaterMark: chunk });
    // pipe() pauses the file while the decoder's buffer is full: memory stays at a few chunks.
    input.on("error", (e) => decoder.destroy(e)).pipe(decoder);
    try {
      for await (const piece of decoder as AsyncIterable<Buffer>) yield piece;
    } catch (e) {
      const name = (e as { name?: unknown }).name;
      const words = typeof name === "string" ? XZ_WORDS[name] : undefined;
      throw fail(words ?? (e instanceof Error ? e.message : String(e)), e);
    } finally {
      input.destroy();
      decoder.destroy();
    }
  })();
}
