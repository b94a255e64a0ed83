import { UsageError } from "../errors/usage-error.js";
import { parseRepoKey } from "./repo-key.js";

/** A repository key where the repository or the architecture may be `*` (all of them). */
export interface RepoPattern {
  readonly distro: string;
  readonly release: string;
  /** A repository name, or "*". */
  readonly repo: string;
  /** An architecture, or "*". */
  readonly arch: string;
}

/**
 * Reads `distro:release/repo/arch` where repo or arch may be `*`, the form every command
 * that takes a key accepts (`diff`, `packages`, the API's `repo`).
 *
 * @example
 * parseRepoPattern("almalinux:9.4/*\/x86_64") // { distro: "almalinux", release: "9.4", repo: "*", arch: "x86_64" }
 */
export function parseRepoPattern(text: string): RepoPattern {
  const m = /^([^:/]+):([^/]+)\/([^/]+)\/([^/]+)$/.exec(text);
  if (m === null || (m[3] !== "*" && m[4] !== "*")) return parseRepoKey(text);
  const [distro, release, repo, arch] = m.slice(1) as [string, string, string, string];
  // The fixed parts still have to be a key's parts: check them with a stand-in for each `*`.
  parseRepoKey(`${distro}:${release}/${repo === "*" ? "x" : repo}/${arch === "*" ? "x" : arch}`);
  if (distro === "*" || release === "*") throw new UsageError("arguments", `"${text}": only repo and arch may be *`);
  return { distro, release, repo, arch };
}
