import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SourceError } from "../errors/source-error.js";

const run = promisify(execFile);

/**
 * Runs one git command in `dir` and returns its output; a failure is a
 * SourceError naming the source and the folder, with git's own message.
 *
 * @example
 * const log = await runGit("/tmp/osv", ["log", "--format=%H"], "almalinux:osv");
 */
export async function runGit(dir: string, args: readonly string[], sourceId: string): Promise<string> {
  try {
    return (await run("git", ["-C", dir, ...args], { maxBuffer: 256 << 20 })).stdout;
  } catch (e) {
    const why = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim();
    throw new SourceError(sourceId, `cannot read the git history: ${why}`, { file: dir });
  }
}
