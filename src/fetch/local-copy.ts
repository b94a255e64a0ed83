import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SourceError } from "../errors/source-error.js";
import { Fetcher, localPath } from "./fetcher.js";

/**
 * Runs `fn` on a local copy of `location`: a path or file:// URL as it is,
 * an http(s) URL fetched to a temporary file first (removed afterwards).
 *
 * @example
 * await withLocalCopy("https://example.org/list.txt", "rocky:mirrorlist", (path) => parse(path));
 */
export async function withLocalCopy<T>(
  location: string,
  sourceId: string,
  fn: (path: string) => Promise<T>,
  options: { maxBytes?: number; fetcher?: Fetcher } = {},
): Promise<T> {
  const local = localPath(location);
  if (local !== null) {
    if (!existsSync(local)) throw new SourceError(sourceId, "not found", { file: location });
    return fn(local);
  }
  const tmp = await mkdtemp(join(tmpdir(), "elscope-source-"));
  try {
    const path = join(tmp, "source");
    // Archives of gigabytes (a CSAF dump) need longer than the default deadline, not forever.
    await (options.fetcher ?? new Fetcher({ deadlineMs: 60 * 60_000 })).fetchToFile({
      url: location,
      dest: path,
      sourceId,
      file: location,
      maxBytes: options.maxBytes ?? 1 << 30,
    });
    return await fn(path);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
