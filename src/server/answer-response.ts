import { gzipSync } from "node:zlib";
import type { Answer } from "./answer-cache.js";
import { acceptsGzip } from "./accepts-gzip.js";

/** Below this, gzip's header and the work cost more than the bytes it saves. */
const GZIP_FROM_BYTES = 1024;

/**
 * Each answer's gzip bytes, made once: a kept answer is the same object on every hit, so a
 * 275 KB parity answer is compressed once, not per request.
 */
const gzipped = new WeakMap<Answer, Uint8Array>();

function gzipOf(answer: Answer, bytes: Uint8Array): Uint8Array {
  const hit = gzipped.get(answer);
  if (hit !== undefined) return hit;
  // Level 6 (zlib's default): on JSON of package names about 8× smaller, in a few ms once.
  const made = gzipSync(bytes);
  gzipped.set(answer, made);
  return made;
}

/**
 * The HTTP response of a finished answer; `x-elscope-answer` says whether it was computed for
 * this request or kept in the store (and whether its refresh is under way). A client that accepts
 * gzip (every browser does) gets an answer of 1 KB or more compressed.
 *
 * @example
 * answerResponse({ type: "application/json", body: "{}\n", origin: "stored" }).headers.get("x-elscope-answer") // "stored"
 */
export function answerResponse(answer: Answer, acceptEncoding?: string): Response {
  const bytes = answer.bytes ?? Buffer.from(answer.body, "utf8");
  const headers: Record<string, string> = {
    "content-type": answer.type,
    "x-elscope-answer": answer.origin ?? "computed",
    vary: "accept-encoding",
  };
  if (bytes.byteLength >= GZIP_FROM_BYTES && acceptsGzip(acceptEncoding)) {
    return new Response(gzipOf(answer, bytes), { headers: { ...headers, "content-encoding": "gzip" } });
  }
  return new Response(bytes, { headers });
}
