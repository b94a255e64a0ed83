import { readSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Reads the file open at `fd` from its start while another process is still writing it,
 * in pieces of up to `size` bytes, until `finished()` says the writer has exited and every
 * byte it wrote has been read. When it catches up with the writer it waits a millisecond
 * and reads again.
 *
 * Reads are synchronous `pread`s of what is already in the page cache, made on the thread
 * that parses, so each piece costs one system call and no stream machinery.
 *
 * @example
 * for await (const chunk of followGrowingFile(fd, () => child.exitCode !== null, 1 << 18)) parse(chunk);
 */
export async function* followGrowingFile(
  fd: number,
  finished: () => boolean,
  size: number,
): AsyncGenerator<Buffer, void, undefined> {
  let pos = 0;
  // A new buffer only once the last one went out: an empty read while waiting keeps it.
  let buf = Buffer.allocUnsafe(size);
  for (;;) {
    // Asked before the read: a writer that had exited had written every byte, so an empty
    // read after that is the end, while an empty read before it only means "not yet".
    const done = finished();
    const n = readSync(fd, buf, 0, size, pos);
    if (n > 0) {
      pos += n;
      const piece = n === size ? buf : buf.subarray(0, n);
      buf = Buffer.allocUnsafe(size);
      yield piece;
    } else if (done) return;
    else await sleep(1);
  }
}
