import { batchedChunks } from "../format/batched-chunks.js";

/**
 * Writes text to `out` piece by piece, batched to about 64 KiB a write, waiting for 'drain'
 * whenever `write()` says the stream's buffer is full, so memory holds one batch rather than the
 * whole output. A reader that goes away (`| head`: EPIPE) ends the writing quietly; what
 * follows is as if the output had been read, so the exit code stays the command's own.
 *
 * @example
 * await writeChunks(jsonChunks(answer, answer.rows));
 */
export async function writeChunks(
  chunks: Iterable<string>,
  out: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const stream = out as NodeJS.WritableStream & { readonly errored?: Error | null; readonly destroyed?: boolean };
  let failed: Error | undefined;
  const onError = (e: Error): void => {
    failed = e;
  };
  stream.on("error", onError);
  try {
    for (const batch of batchedChunks(chunks)) {
      // A failed write marks the stream errored at once; the 'error' event comes a tick later.
      if (failed !== undefined || stream.errored || stream.destroyed === true) break;
      if (!stream.write(batch)) await drained(stream);
    }
  } finally {
    stream.off("error", onError);
  }
  const e = failed ?? stream.errored ?? undefined;
  if (e !== undefined && (e as NodeJS.ErrnoException).code !== "EPIPE") throw e;
}

/** Resolves once `stream` can take more, or can take nothing more (an error or close ends the wait too). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("error", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("error", done);
    stream.on("close", done);
  });
}
