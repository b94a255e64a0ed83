import { ParseError } from "../errors/parse-error.js";
import { readAll } from "./read-all.js";
import type { ParseContext } from "./source-driver.js";

/**
 * Reads a whole JSON document from a stream, or fails with a ParseError
 * naming source and file (too large counts as not valid, too).
 *
 * @example
 * const doc = await readJson(chunks, { sourceId: "almalinux:osv", file: "ALSA-2024:8793.json" });
 */
export async function readJson(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext, max?: number): Promise<unknown> {
  try {
    return JSON.parse((await readAll(chunks, max)).toString("utf8")) as unknown;
  } catch (e) {
    throw new ParseError(ctx.sourceId, `not valid JSON: ${(e as Error).message}`, { file: ctx.file });
  }
}
