import { type ProbeReference, readServedRepomd } from "./mirror-health.js";
import type { SyncTarget } from "../catalog/sync-target.js";
import type { ProbeFetch } from "../fetch/probe-url.js";
import type { MirrorStore } from "../store/mirror-store.js";
import { repomdOf } from "./repomd-of.js";

/**
 * The reference a probe compares mirrors with: the distribution's primary mirror, else the
 * newest metalink (only when `sameRepository`: a metalink's hashes are for the repository its
 * URLs point at), else null, and the caller takes the newest repomd.xml any mirror serves.
 *
 * @example
 * const ref = await referenceFor(target, new MirrorStore(store.db), probe, false);
 */
export async function referenceFor(
  target: SyncTarget,
  mirrors: MirrorStore,
  probe: (url: string, hosts: ReadonlySet<string>) => Promise<ProbeFetch>,
  sameRepository: boolean,
): Promise<ProbeReference | null> {
  for (const base of target.urls) {
    const fetched = await probe(repomdOf(base), new Set([new URL(base).hostname.toLowerCase()]));
    if (fetched.kind !== "ok") continue;
    const served = readServedRepomd(fetched.body);
    if (typeof served !== "string") {
      return {
        source: `primary ${base}`,
        url: repomdOf(base),
        sha256: served.sha256,
        time: served.time,
        alternates: [],
      };
    }
  }
  const metalink = sameRepository ? await mirrors.newestReference(target.key.distro) : null;
  if (metalink !== null && metalink.hashes["sha256"] !== undefined) {
    return {
      source: `metalink ${metalink.source}`,
      url: null,
      sha256: metalink.hashes["sha256"] ?? null,
      time: metalink.timestamp,
      alternates: metalink.alternates.flatMap((a) =>
        a.hashes["sha256"] === undefined ? [] : [{ sha256: a.hashes["sha256"], time: a.timestamp }],
      ),
    };
  }
  return null;
}
