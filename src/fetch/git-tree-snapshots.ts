import { readGitBlobs } from "./git-blobs.js";
import { runGit } from "./run-git.js";

/** How many points of a history to keep: every commit, or the last commit of each day or month (UTC). */
export type HistorySampling = "every" | "daily" | "monthly";

/** The files under a folder as of one commit. */
export interface GitTreeSnapshot {
  readonly commit: string;
  /** Committer time, ISO 8601 UTC. */
  readonly committedAt: string;
  /** Path → content. */
  readonly files: ReadonlyMap<string, Buffer>;
}

/**
 * The files under `folder` at each sampled commit that touched it, oldest
 * first. Blobs are read once however many commits share them.
 *
 * @example
 * for await (const s of gitTreeSnapshots("/tmp/mirrors", "mirrors.d", "monthly", "almalinux")) console.log(s.committedAt, s.files.size);
 */
export async function* gitTreeSnapshots(
  dir: string,
  folder: string,
  sampling: HistorySampling,
  sourceId: string,
): AsyncGenerator<GitTreeSnapshot> {
  const log = await runGit(dir, ["log", "--reverse", "--format=%H %cI", "--", folder], sourceId);
  const commits = log
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const [commit = "", when = ""] = l.split(" ");
      return { commit, committedAt: new Date(when).toISOString() };
    });
  const period = (iso: string): string =>
    sampling === "monthly" ? iso.slice(0, 7) : sampling === "daily" ? iso.slice(0, 10) : iso;
  // The last commit of each period; commit order, not time order, decides what "last" is.
  const chosen = commits.filter((c, i) => {
    const next = commits[i + 1];
    return sampling === "every" || next === undefined || period(next.committedAt) !== period(c.committedAt);
  });
  const blobs = new Map<string, Buffer>();
  for (const c of chosen) {
    const tree = await runGit(dir, ["ls-tree", "-r", "-z", c.commit, "--", folder], sourceId);
    const paths = new Map<string, string>();
    for (const line of tree.split("\u0000")) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
      if (m !== null) paths.set(m[2] as string, m[1] as string);
    }
    const missing = [...new Set(paths.values())].filter((id) => !blobs.has(id));
    for (const [id, content] of await readGitBlobs(dir, missing, sourceId)) blobs.set(id, content);
    const files = new Map<string, Buffer>();
    for (const [path, id] of paths) files.set(path, blobs.get(id) ?? Buffer.alloc(0));
    yield { commit: c.commit, committedAt: c.committedAt, files };
  }
}
