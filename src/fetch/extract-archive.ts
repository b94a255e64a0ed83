import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { SourceError } from "../errors/source-error.js";

const run = promisify(execFile);

/** The tar archives the system's tar unpacks here, by how their name ends. */
const FORMATS: readonly [suffix: string, flag: string | null][] = [
  [".tar.zst", "--zstd"],
  [".tar.xz", "--xz"],
  [".tar", null],
];

/**
 * Whether `name` is an archive `withExtractedArchive` reads (.tar.zst, .tar.xz, .tar).
 *
 * @example
 * isTarArchive("csaf_advisories_2024-11-10.tar.zst") // true
 */
export function isTarArchive(name: string): boolean {
  return FORMATS.some(([s]) => name.endsWith(s));
}

/**
 * Runs `fn` on a temporary folder holding `archive` unpacked by the system `tar` (zstd and xz
 * through their tools), removed afterwards. Refused before anything is written: a member with an
 * absolute path or a `..` part, and links (a link could point out of the folder).
 *
 * @example
 * await withExtractedArchive("/tmp/csaf_advisories_2024-11-10.tar.zst", "rhel:redhat-csaf", (dir) => importFolder(dir));
 */
export async function withExtractedArchive<T>(
  archive: string,
  sourceId: string,
  fn: (dir: string) => Promise<T>,
  name: string = archive,
): Promise<T> {
  const flag = FORMATS.find(([s]) => name.endsWith(s))?.[1] ?? null;
  const args = flag === null ? [] : [flag];
  const tar = async (more: string[]): Promise<string> => {
    try {
      return (await run("tar", [...args, ...more], { maxBuffer: 256 << 20 })).stdout;
    } catch (e) {
      const msg = ((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split("\n")[0] ?? "";
      throw new SourceError(sourceId, `cannot read the archive: ${msg}`, { file: name });
    }
  };
  // -tv lists one member per line, its type first ("-" file, "d" folder, "l"/"h" links).
  for (const line of (await tar(["-tvf", archive])).split("\n")) {
    if (line === "") continue;
    if (line[0] !== "-" && line[0] !== "d")
      throw new SourceError(sourceId, `archive holds a link or special file: ${line.slice(0, 200)}`, { file: name });
  }
  for (const member of (await tar(["-tf", archive])).split("\n")) {
    if (member.startsWith("/") || member.split("/").includes(".."))
      throw new SourceError(sourceId, `archive member outside the folder: ${JSON.stringify(member)}`, { file: name });
  }
  const dir = await mkdtemp(join(tmpdir(), "elscope-archive-"));
  try {
    await tar(["-xf", archive, "-C", dir, "--no-same-owner", "--no-same-permissions"]);
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
