import { spawn } from "node:child_process";
import { SourceError } from "../errors/source-error.js";

/**
 * Reads git blobs by id through one `git cat-file --batch` process, so a
 * history of thousands of files costs one process, not one per file.
 *
 * @example
 * const blobs = await readGitBlobs("/tmp/osv", ["0bb4b0f63db0c9dea3f01d979339456d99164f81"], "almalinux:osv");
 */
export async function readGitBlobs(
  dir: string,
  ids: readonly string[],
  sourceId: string,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (ids.length === 0) return out;
  const child = spawn("git", ["-C", dir, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  child.stdin.end(ids.join("\n") + "\n");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new SourceError(sourceId, `git cat-file failed with code ${code}`, { file: dir });
  const all = Buffer.concat(chunks);
  // Each answer: "<id> blob <size>\n<content>\n" (https://git-scm.com/docs/git-cat-file#_batch_output).
  let at = 0;
  for (const id of ids) {
    const nl = all.indexOf(0x0a, at);
    const header = all.subarray(at, nl).toString("utf8").split(" ");
    if (header[1] !== "blob") throw new SourceError(sourceId, `git object ${id} is not a blob`, { file: dir });
    const size = Number(header[2]);
    out.set(id, all.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}
