import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { localPath } from "./fetcher.js";

// A bundle file starts with its signature line (https://git-scm.com/docs/gitformat-bundle).
const BUNDLE_SIGNATURE = /^# v[23] git bundle\n/;

/** The first bytes of a file, enough for its signature line. */
function head(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(32);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("latin1");
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a location is a history to read with git rather than one file: a folder (a repository,
 * or not: `withGitCheckout` tells), a git bundle, or a git URL (git://, ssh://, or ending in .git).
 * Anything else (a plain file, an http(s) URL of a file, a path that does not exist) is not.
 *
 * @example
 * isGitHistory("../shared/data/endoflife-products-history.bundle") // true
 * isGitHistory("https://raw.githubusercontent.com/endoflife-date/endoflife.date/master/products/rhel.md") // false
 */
export function isGitHistory(location: string): boolean {
  const path = localPath(location);
  if (path === null) return /^(git|ssh):\/\//.test(location) || /\.git\/?$/.test(location);
  if (!existsSync(path)) return false;
  return statSync(path).isDirectory() || BUNDLE_SIGNATURE.test(head(path));
}
