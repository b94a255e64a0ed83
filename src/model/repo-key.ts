/** Names one repository of one release of one distribution for one architecture (written `distro:release/repo/arch`). */
export interface RepoKey {
  readonly distro: string;
  readonly release: string;
  readonly repo: string;
  readonly arch: string;
}
