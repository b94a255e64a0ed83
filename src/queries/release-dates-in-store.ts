import type { DatedRelease } from "../analyze/release-lag.js";
import type { StoredReleaseDate } from "../model/stored-release-date.js";
import type { QueryContext } from "./query-context.js";
import { storedAdvisories } from "./stored-advisories.js";

/**
 * Every release date the store knows: imported ones, the release package's
 * first file date in synced repositories, and the upstream's first GA errata. Advisories are read
 * through the context, so the errata convention's read of the same advisories is shared.
 *
 * @example
 * computeReleaseLag(await releaseDatesInStore(ctx), rhel, rebuilds, "announcement")
 */
export async function releaseDatesInStore(
  ctx: QueryContext,
  stored?: readonly StoredReleaseDate[],
): Promise<DatedRelease[]> {
  const { store, catalog } = ctx;
  const out: DatedRelease[] = (stored ?? (await store.releaseDates()))
    .filter((d) => d.stage === "ga")
    .map((d) => ({ distro: d.distro, release: d.release, date: d.date, sourceKind: d.sourceKind }));
  for (const d of catalog.distros) {
    const pkg = d.releaseDates?.releasePackage;
    if (pkg === undefined) continue;
    const minors = new Set(d.majors.flatMap((m) => m.minors));
    const first = new Map<string, number>();
    for (const r of await store.firstFileTimes(d.id, pkg)) {
      if (!minors.has(r.version)) continue;
      first.set(r.version, Math.min(first.get(r.version) ?? Infinity, r.fileTime));
    }
    for (const [release, t] of first) {
      out.push({
        distro: d.id,
        release,
        date: new Date(t * 1000).toISOString().slice(0, 10),
        sourceKind: "repository",
      });
    }
    // The upstream's first GA errata of a minor: the earliest advisory shipping its release package at that version.
    if (d.role !== "upstream") continue;
    const errata = new Map<string, string>();
    for (const a of await storedAdvisories(ctx, d.id)) {
      if (a.issued === null) continue;
      for (const p of a.packages) {
        if (p.name !== pkg) continue;
        const vr = p.evr.includes(":") ? p.evr.slice(p.evr.indexOf(":") + 1) : p.evr;
        const version = vr.slice(0, vr.lastIndexOf("-"));
        if (!minors.has(version)) continue;
        const day = a.issued.slice(0, 10);
        if ((errata.get(version) ?? "9999") > day) errata.set(version, day);
      }
    }
    for (const [release, date] of errata) out.push({ distro: d.id, release, date, sourceKind: "rhel-errata" });
  }
  return out;
}
