import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { SourceError } from "../errors/source-error.js";

const run = promisify(execFile);

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

async function git(dir: string, args: readonly string[], sourceId: string): Promise<string> {
  try {
    return (await run("git", ["-C", dir, ...args], { maxBuffer: 256 << 20 })).stdout;
  } catch (e) {
    const why = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim();
    throw new SourceError(sourceId, `cannot read the git history: ${why}`, { file: dir });
  }
}

/** Reads blobs by id through one `git cat-file --batch` process. */
async function readBlobs(dir: string, ids: readonly string[], sourceId: string): Promise<Map<string, Buffer>> {
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
  const log = await git(dir, ["log", "--reverse", "--format=%H %cI", "--", folder], sourceId);
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
    const tree = await git(dir, ["ls-tree", "-r", "-z", c.commit, "--", folder], sourceId);
    const paths = new Map<string, string>();
    for (const line of tree.split("\u0000")) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
      if (m !== null) paths.set(m[2] as string, m[1] as string);
    }
    const missing = [...new Set(paths.values())].filter((id) => !blobs.has(id));
    for (const [id, content] of await readBlobs(dir, missing, sourceId)) blobs.set(id, content);
    const files = new Map<string, Buffer>();
    for (const [path, id] of paths) files.set(path, blobs.get(id) ?? Buffer.alloc(0));
    yield { commit: c.commit, committedAt: c.committedAt, files };
  }
}
