import type { LeappRecord } from "../model/leapp-record.js";
import type { KnownRename } from "./migrate-statuses.js";

/** PES actions that put a package under other names: replaced, split, merged, renamed (moved keeps the name). */
const RENAMING_ACTIONS = new Set([3, 4, 5, 7]);
/** leapp's Action.REMOVED: the package is gone from the target major with nothing in its place. */
const REMOVED = 1;

const majorOf = (release: string | null): string | null => (release === null ? null : (release.split(".")[0] ?? null));

/** A repository's PES id without its vendor and major ("almalinux9-crb" → "crb"), as the store names repositories. */
const repoNameOf = (pesid: string): string => pesid.replace(/^[a-z]+\d+-/, "");

/**
 * What leapp's data imported for a target says for a move from `from` to `to`: the renames (PES
 * events: replaced, split, merged, renamed), the removals (by name: the PES event's id), and the
 * repository map (by source PES id, lower case: the target repositories' names).
 *
 * @example
 * leappFacts(records, "8", "9").repoMap.get("powertools") // ["crb"]
 */
export function leappFacts(
  records: readonly LeappRecord[],
  from: string,
  to: string,
): { renames: Map<string, KnownRename>; removals: Map<string, number>; repoMap: Map<string, string[]> } {
  const renames = new Map<string, KnownRename>();
  const removals = new Map<string, number>();
  const repoMap = new Map<string, string[]>();
  for (const r of records) {
    if (r.kind === "repo-map" && r.sourceMajor === from && r.targetMajor === to) {
      const key = r.source.toLowerCase();
      repoMap.set(key, [...new Set([...(repoMap.get(key) ?? []), repoNameOf(r.target)])].sort());
    } else if (r.kind === "package-event" && (RENAMING_ACTIONS.has(r.action) || r.action === REMOVED)) {
      const f = majorOf(r.fromRelease);
      const t = majorOf(r.toRelease);
      if ((f !== null && f !== from) || (t !== null && t !== to)) continue;
      if (r.action === REMOVED) {
        for (const p of r.inPackages) if (!removals.has(p.name)) removals.set(p.name, r.id);
        continue;
      }
      for (const p of r.inPackages) {
        const names = r.outPackages.map((o) => o.name).filter((n) => n !== p.name);
        if (names.length > 0 && !r.outPackages.some((o) => o.name === p.name))
          renames.set(p.name, {
            to: [...new Set([...(renames.get(p.name)?.to ?? []), ...names])].sort(),
            source: "pes",
          });
      }
    }
  }
  return { renames, removals, repoMap };
}
