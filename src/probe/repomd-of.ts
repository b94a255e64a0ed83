/**
 * The repomd.xml of the repository at `base` (a URL ending in "/"): what a probe fetches.
 *
 * @example
 * repomdOf("https://mirror.example.org/almalinux/9/BaseOS/x86_64/os/") // ".../os/repodata/repomd.xml"
 */
export const repomdOf = (base: string): string => `${base}repodata/repomd.xml`;
