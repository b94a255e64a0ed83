import { batchedChunks } from "../format/batched-chunks.js";

/**
 * A response body made from text pieces as the client reads them: a pull stream, so a piece
 * is made only when the one before has gone (the server's back-pressure reaches the generator),
 * and the whole text is never held.
 *
 * @example
 * new Response(streamedBody(csvChunks(rows)), { headers: { "content-type": "text/csv" } });
 */
export function streamedBody(chunks: Iterable<string>): ReadableStream<Uint8Array> {
  const pieces = batchedChunks(chunks)[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done === true) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      pieces.return?.(undefined);
    },
  });
}
