import { constants, closeSync, createReadStream, fstatSync, openSync, type ReadStream } from "node:fs";
import { SourceError } from "../errors/source-error.js";

/**
 * A read stream of the regular file at `path`, checked on the open file itself: a link is not
 * followed (O_NOFOLLOW) and a FIFO is opened without waiting for a writer (O_NONBLOCK), then
 * refused, so a file swapped after the folder was listed still cannot hang the import. With
 * `asGiven` (the one file a command line names) links are followed and a pipe is read, as a user
 * may give `<(curl ...)`; only a folder is refused (it would fail as EISDIR, an internal error).
 *
 * @example
 * for await (const chunk of openRegularFile(path, "almalinux:osv", "almalinux9/ALSA-2024-0001.json")) use(chunk);
 */
export function openRegularFile(path: string, sourceId: string, file: string, asGiven = false): ReadStream {
  let fd: number;
  try {
    fd = openSync(
      path,
      asGiven ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch (e) {
    throw new SourceError(sourceId, `cannot be opened (${(e as NodeJS.ErrnoException).code ?? "error"})`, { file });
  }
  const st = fstatSync(fd);
  if (st.isDirectory() || !(asGiven || st.isFile())) {
    closeSync(fd);
    throw new SourceError(sourceId, st.isDirectory() ? "a folder, not a file" : "not a regular file", { file });
  }
  return createReadStream(path, { fd });
}
