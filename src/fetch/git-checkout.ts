import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SourceError } from "../errors/source-error.js";

const run = promisify(execFile);

/**
 * Runs `fn` on a folder holding `location`: a folder as it is (`git` says
 * whether it is a repository), a git bundle or a git URL cloned to a
 * temporary folder first (removed afterwards).
 *
 * @example
 * await withGitCheckout("mirrors.bundle", "almalinux:mirrors", async (dir, git) => read(dir));
 */
export async function withGitCheckout<T>(
  location: string,
  sourceId: string,
  fn: (dir: string, git: boolean) => Promise<T>,
): Promise<T> {
  const remote = /^(https?|git|ssh|file):\/\//.test(location);
  if (!remote && !existsSync(location)) throw new SourceError(sourceId, "not found", { file: location });
  if (!remote && statSync(location).isDirectory()) return fn(location, existsSync(join(location, ".git")));
  const tmp = await mkdtemp(join(tmpdir(), "elscope-git-"));
  try {
    const dir = join(tmp, "clone");
    try {
      await run("git", ["clone", "--quiet", location, dir], { env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
    } catch (e) {
      const why = String((e as { stderr?: string }).stderr ?? "").trim();
      throw new SourceError(sourceId, `${remote ? "cannot clone" : "not a git bundle"}: ${why}`, { file: location });
    }
    return await fn(dir, true);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
