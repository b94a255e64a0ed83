import type { BuildMatcher } from "./build-matcher.js";
import { parseEvr } from "./evr.js";
import type { EarliestBuild } from "../model/earliest-build.js";

/** An upstream advisory as the fix-time analysis reads it. */
export interface FixingAdvisory {
  readonly cves: readonly string[];
  readonly packages: readonly { readonly name: string; readonly evr: string }[];
}

/**
 * The rebuild's fix time per CVE from its synced packages: for each build an upstream advisory
 * fixes, the earliest time of the rebuild's matching build (both sides' markers removed); a CVE
 * is fixed once every synced build of the advisory is out. CVEs with no synced build are absent. Pure.
 *
 * @example
 * packageFixTimes(rhelAdvisories, almaBuilds, matcher).get("CVE-2024-1086")
 */
export function packageFixTimes(
  upstream: readonly FixingAdvisory[],
  builds: readonly EarliestBuild[],
  matcher: Pick<BuildMatcher, "unmark" | "rewrite">,
): Map<string, string> {
  const byName = new Map<string, EarliestBuild[]>();
  for (const b of builds) {
    let list = byName.get(b.name);
    if (list === undefined) byName.set(b.name, (list = []));
    list.push(b);
  }
  const out = new Map<string, string>();
  for (const a of upstream) {
    let fixed: string | null = null;
    // Debug packages live in debug repositories, which are rarely synced; they do not decide.
    for (const p of a.packages.filter((x) => !/-debug(info|source)$/.test(x.name))) {
      const evr = parseEvr(p.evr);
      const first = (byName.get(p.name) ?? [])
        .filter(
          (b) =>
            b.epoch === evr.epoch &&
            b.version === evr.version &&
            matcher.unmark(b.release) === matcher.unmark(evr.release),
        )
        .map((b) => (b.fileTime !== null ? new Date(b.fileTime * 1000).toISOString() : b.firstSeen))
        .sort()[0];
      if (first !== undefined && (fixed === null || first > fixed)) fixed = first;
    }
    if (fixed === null) continue;
    for (const cve of a.cves) if ((out.get(cve) ?? "9999") > fixed) out.set(cve, fixed);
  }
  return out;
}
