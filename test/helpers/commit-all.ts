import { execFileSync } from "node:child_process";

/**
 * Commits everything in the repository at `cwd` with the author and committer time `when`, so a
 * history built in a test has the dates it needs; answers the commit's abbreviated id (8 digits).
 */
export function commitAll(cwd: string, when: string, message: string): string {
  execFileSync("git", ["add", "-A"], { cwd });
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", message], {
    cwd,
    env: { ...process.env, GIT_COMMITTER_DATE: when, GIT_AUTHOR_DATE: when },
  });
  return execFileSync("git", ["rev-parse", "--short=8", "HEAD"], { cwd, encoding: "utf8" }).trim();
}
