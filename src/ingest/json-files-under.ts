import { type Stats, lstatSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** The .json files of a folder tree, and why other entries with a wanted name were left. */
export interface JsonFiles {
  /** Absolute paths of regular files, in path order. */
  readonly files: readonly string[];
  /** One line per entry not read: `<path relative to the folder>: <why>; skipped`. */
  readonly skipped: readonly string[];
}

function whatIs(st: Stats): string {
  if (st.isSymbolicLink()) return "a symbolic link, not followed";
  if (st.isFIFO()) return "a FIFO, not a regular file";
  if (st.isSocket()) return "a socket, not a regular file";
  return "a device or other special file, not a regular file";
}

/**
 * Every regular `.json` file below `dir` (not in `.git`). Entries are looked at with lstat: a
 * symbolic link is never followed (so neither a loop nor a link out of the folder is read), and a
 * FIFO or device named like an advisory is skipped, since opening one can block forever. Links
 * and special files named `.json`, and folders that cannot be listed, are reported in `skipped`.
 *
 * @example
 * const { files, skipped } = jsonFilesUnder("/srv/osv-database");
 */
export function jsonFilesUnder(dir: string): JsonFiles {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      skipped.push(
        `${relative(dir, d) || "."}: cannot be listed (${(e as NodeJS.ErrnoException).code ?? "error"}); skipped`,
      );
      return;
    }
    for (const n of names) {
      if (n === ".git") continue;
      const p = join(d, n);
      const st = lstatSync(p, { throwIfNoEntry: false });
      if (st === undefined) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        if (n.endsWith(".json")) files.push(p);
      } else if (n.endsWith(".json") || st.isSymbolicLink())
        skipped.push(`${relative(dir, p)}: ${whatIs(st)}; skipped`);
    }
  };
  walk(dir);
  return { files, skipped };
}
