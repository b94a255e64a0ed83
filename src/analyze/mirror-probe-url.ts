import type { MirrorEntry } from "../model/mirror-record.js";

const withSlash = (u: string): string => (u.endsWith("/") ? u : `${u}/`);

/**
 * The base URL (the tree a distribution's paths start from) a mirror serves
 * over http(s), preferring https. A list that names repository URLs
 * (mirrorlist, metalink) gives the base by cutting off whichever of the
 * distribution's repository paths the URL ends with; null when none fits or
 * the mirror has neither http nor https.
 *
 * @example
 * mirrorBase(entry, ["9/BaseOS/x86_64/os/"]) // "https://mirror.example/rocky/"
 */
export function mirrorBase(entry: MirrorEntry, repositoryPaths: readonly string[]): string | null {
  const url = entry.urls.https ?? entry.urls.http;
  if (url === null) return null;
  if (entry.scope === "base") return withSlash(url);
  const u = withSlash(url);
  const path = [...repositoryPaths].sort((a, b) => b.length - a.length).find((p) => u.endsWith(`/${p}`));
  return path === undefined ? null : u.slice(0, u.length - path.length);
}

/**
 * Every host name a set of mirrors names, over any protocol: the only hosts
 * a probe may reach (redirects included).
 *
 * @example
 * listedHosts(entries).has("mirror.example") // true
 */
export function listedHosts(entries: readonly MirrorEntry[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    for (const u of Object.values(e.urls)) {
      if (u === null) continue;
      try {
        out.add(new URL(u).hostname.toLowerCase());
      } catch {
        // rsync's host::module form names no URL host; nothing to probe there.
      }
    }
  }
  return out;
}
