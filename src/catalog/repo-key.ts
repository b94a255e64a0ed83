import type { RepoKey } from "../model/repo-key.js";
import { UsageError } from "../errors/usage-error.js";

export type { RepoKey };

const PART = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/**
 * Reads `distro:release/repo/arch`, the form every command uses.
 *
 * @example
 * parseRepoKey("almalinux:9.4/BaseOS/x86_64") // { distro: "almalinux", release: "9.4", repo: "BaseOS", arch: "x86_64" }
 */
export function parseRepoKey(text: string): RepoKey {
  const m = /^([^:/]+):([^/]+)\/([^/]+)\/([^/]+)$/.exec(text);
  const parts = m?.slice(1) ?? [];
  if (m === null || parts.some((p) => !PART.test(p ?? ""))) {
    throw new UsageError(
      "arguments",
      `"${text}" is not a repository key; write distro:release/repo/arch, e.g. almalinux:9/BaseOS/x86_64`,
    );
  }
  const [distro, release, repo, arch] = parts as [string, string, string, string];
  return { distro, release, repo, arch };
}

/** Writes the `distro:release/repo/arch` form. */
export function formatRepoKey(k: RepoKey): string {
  return `${k.distro}:${k.release}/${k.repo}/${k.arch}`;
}
