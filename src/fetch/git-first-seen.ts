import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { SourceError } from "../errors/source-error.js";

const run = promisify(execFile);

/**
 * When each file matching `pattern` first appeared in a git repository's
 * history (committer time of the commit that added it). Files added by the
 * first commit that adds any matching file are reported as null: that commit
 * imported history in bulk, so it says nothing about when they were published.
 *
 * @example
 * await gitFirstSeen("/tmp/osv", /ALSA-[^/]+\.json$/) // Map { "advisories/almalinux9/ALSA-2024:8793.json" => "2024-11-06T..." }
 */
export async function gitFirstSeen(
  dir: string,
  pattern: RegExp,
  sourceId: string,
): Promise<Map<string, string | null>> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      "git",
      ["-C", dir, "log", "--reverse", "--diff-filter=A", "--name-only", "--format=COMMIT %cI"],
      {
        maxBuffer: 256 << 20,
      },
    ));
  } catch (e) {
    throw new SourceError(
      sourceId,
      `cannot read the git history: ${String((e as { stderr?: string }).stderr ?? (e as Error).message).trim()}`,
      {
        file: dir,
      },
    );
  }
  const out = new Map<string, string | null>();
  let when: string | null = null;
  let baselineDone = false;
  let inBaseline = false;
  for (const line of stdout.split("\n")) {
    if (line.startsWith("COMMIT ")) {
      if (inBaseline) baselineDone = true;
      inBaseline = false;
      when = new Date(line.slice(7)).toISOString();
      continue;
    }
    if (line === "" || !pattern.test(line) || out.has(line)) continue;
    if (!baselineDone) inBaseline = true;
    out.set(line, inBaseline ? null : when);
  }
  return out;
}
