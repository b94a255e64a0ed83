import { ParseError } from "../errors/parse-error.js";
import { readAll } from "./read-all.js";
import type { ParseContext } from "./source-driver.js";

/**
 * Reads a whole JSON document of at most `max` bytes from a stream, or fails with a ParseError
 * naming source and file (too large, or not JSON). JSON.parse itself takes any nesting depth;
 * callers walk what it gives without recursing on the input's own depth.
 *
 * @example
 * const doc = await readJson(chunks, { sourceId: "almalinux:osv", file: "ALSA-2024:8793.json" });
 */
export async function readJson(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext, max?: number): Promise<unknown> {
  const bytes = await readAll(chunks, max, ctx);
  try {
    return JSON.parse(bytes.toString("utf8")) as unknown;
  } catch (e) {
    throw new ParseError(ctx.sourceId, `not valid JSON: ${(e as Error).message}`, { file: ctx.file });
  }
}
