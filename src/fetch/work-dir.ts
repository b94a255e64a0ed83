import { rmSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

const PREFIX = "elscope-sync-";
// elscope-sync-<pid>-<random>: the pid says whose it is, so a later run can tell a dead owner's.
const OWNED = /^elscope-sync-([0-9]+)-[A-Za-z0-9]{6}$/;
const live = new Set<string>();
const swept = new Set<string>();

/**
 * Creates a temporary folder for one sync under `parent`, named after this process
 * (`elscope-sync-<pid>-XXXXXX`), and remembers it so that a signal handler can remove it
 * (`removeWorkDirsNow`). The first call for a `parent` also removes folders left there by
 * elscope processes that died without cleaning up (kill -9, a crash).
 *
 * @example
 * const dir = await makeWorkDir(tmpdir()); try { ... } finally { await removeWorkDir(dir); }
 */
export async function makeWorkDir(parent: string): Promise<string> {
  if (!swept.has(parent)) {
    swept.add(parent);
    await removeStaleWorkDirs(parent);
  }
  const dir = await mkdtemp(join(parent, `${PREFIX}${process.pid}-`));
  live.add(dir);
  return dir;
}

/**
 * Removes a folder made by makeWorkDir.
 *
 * @example
 * await removeWorkDir(dir);
 */
export async function removeWorkDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  live.delete(dir);
}

/**
 * Removes every folder this process made and has not removed yet, synchronously, for a
 * signal handler that exits right after (no finally block runs after process.exit).
 *
 * @example
 * process.on("SIGTERM", () => { removeWorkDirsNow(); process.exit(143); });
 */
export function removeWorkDirsNow(): void {
  for (const dir of live) {
    try {
      // A download or the parse worker may still be writing into it (threads of their own): a
      // file made during the removal makes rmdir fail with ENOTEMPTY, so it is tried again.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    } catch {
      // Left for the next sync, which removes a dead process's folders; the exit code stays the signal's.
    }
    live.delete(dir);
  }
}

/**
 * Removes `elscope-sync-<pid>-*` folders in `parent` whose process is gone. A folder is only
 * removed when its pid is not alive (kill(pid, 0) says ESRCH) and it belongs to this user:
 * a live process's folder, another user's, or one without a pid in its name is left alone.
 */
async function removeStaleWorkDirs(parent: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = Number(OWNED.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    const path = join(parent, name);
    try {
      const st = await stat(path);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
      await rm(path, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, under another user.
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
