import { runGit } from "./run-git.js";

/** The commit that first added one file, and that file's first version. */
export interface GitFirstSighting {
  readonly commit: string;
  /** Committer time, ISO 8601 UTC: the file was out by then, so an upper bound of its publication. */
  readonly committedAt: string;
  /** How many files matching the pattern that commit added: a backfill adds hundreds at once. */
  readonly filesAdded: number;
  /** The blob id of the file as that commit added it (its first version; later commits may edit it). */
  readonly blob: string;
}

/**
 * When each file matching `pattern` first appeared in a git repository's
 * history: the commit that added it (the earliest by committer time when a
 * file was deleted and added again), with how many matching files that commit
 * added and the blob of the first version. Every added file is reported; which
 * commits were backfills is the caller's judgement (src/analyze/feed-backfill.ts).
 * Renames count as a deletion and an addition (`--no-renames`), so a moved
 * file's new path has a first sighting too.
 *
 * @example
 * await gitFirstSeen("/tmp/osv", /\.json$/, "almalinux:osv") // Map { "advisories/almalinux9/ALSA-2024:8793.json" => { commit, committedAt, filesAdded: 12, blob } }
 */
export async function gitFirstSeen(
  dir: string,
  pattern: RegExp,
  sourceId: string,
): Promise<Map<string, GitFirstSighting>> {
  // -z: NUL-separated, paths unquoted. Tokens: "COMMIT <hash> <time>", then per added file
  // ":<modes> <ids> A" and the path (https://git-scm.com/docs/git-log#_raw_output_format).
  const log = await runGit(
    dir,
    ["log", "-z", "--reverse", "--no-renames", "--diff-filter=A", "--raw", "--no-abbrev", "--format=COMMIT %H %cI"],
    sourceId,
  );
  const commits: { commit: string; committedAt: string; added: { path: string; blob: string }[] }[] = [];
  const tokens = log.split("\u0000").map((t) => t.replace(/^\n+/, ""));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (t.startsWith("COMMIT ")) {
      const [, commit = "", when = ""] = t.split(" ");
      commits.push({ commit, committedAt: new Date(when).toISOString(), added: [] });
    } else if (t.startsWith(":")) {
      const path = tokens[++i] ?? "";
      const blob = t.split(" ")[3] ?? "";
      if (pattern.test(path)) commits.at(-1)?.added.push({ path, blob });
    }
  }
  const out = new Map<string, GitFirstSighting>();
  for (const c of commits) {
    for (const { path, blob } of c.added) {
      const prev = out.get(path);
      // Log order is not always time order (merged branches): the earliest commit wins.
      if (prev === undefined || c.committedAt < prev.committedAt) {
        out.set(path, { commit: c.commit, committedAt: c.committedAt, filesAdded: c.added.length, blob });
      }
    }
  }
  return out;
}
