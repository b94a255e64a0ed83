import type { SourceUpdate } from "../analyze/watch-conditions.js";
import { newest } from "../analyze/newest.js";
import { MirrorStore } from "../store/mirror-store.js";
import { SourceCursors } from "../store/source-cursors.js";
import type { QueryContext } from "./query-context.js";

/**
 * Every source elscope updates with the time it last did so successfully, as the store records
 * it: the catalog's live release-date sources (the import time of their dates), mirror lists
 * (when the list was last checked), incrementally read advisory trees (when their cursor moved;
 * other advisory sources keep no check time, so theirs is null) and synced repositories (their
 * last check). A failing update keeps the last good data and these times.
 *
 * @example
 * const updates = await sourceUpdatesQuery(ctx, ["almalinux"]);
 */
export async function sourceUpdatesQuery(ctx: QueryContext, only: readonly string[] = []): Promise<SourceUpdate[]> {
  const wanted = (d: string): boolean => only.length === 0 || only.includes(d);
  const dates = await ctx.store.releaseDates();
  const mirrors = await new MirrorStore(ctx.store.db).currentMirrors();
  const cursors = new SourceCursors(ctx.store.db);
  const out: SourceUpdate[] = [];
  for (const d of ctx.catalog.distros) {
    if (!wanted(d.id)) continue;
    for (const { kind, url } of d.releaseDates?.sources ?? []) {
      const at = newest(
        dates.filter((r) => r.distro === d.id && r.sourceKind === kind && r.source === url).map((r) => r.importedAt),
      );
      out.push({ distro: d.id, kind, location: url, lastSuccess: at, clock: "release_dates.imported_at" });
    }
    for (const { kind, url } of d.mirrorNetwork?.lists ?? []) {
      const at = newest(
        mirrors.filter((m) => m.distro === d.id && m.sourceKind === kind && m.source === url).map((m) => m.checkedAt),
      );
      out.push({ distro: d.id, kind, location: url, lastSuccess: at, clock: "the mirror list's last check" });
    }
    for (const { kind, url } of d.advisories?.sources ?? []) {
      const at = await cursors.updatedAt(kind, d.id, url);
      out.push({ distro: d.id, kind, location: url, lastSuccess: at, clock: "source_cursors.updated_at" });
    }
  }
  for (const r of await ctx.store.listRepositories()) {
    if (!wanted(r.distro)) continue;
    out.push({
      distro: r.distro,
      kind: "repository",
      location: r.key,
      lastSuccess: r.checkedAt,
      clock: "the repository's last successful check (repomd.xml)",
    });
  }
  return out.sort((a, b) => (`${a.distro} ${a.kind} ${a.location}` < `${b.distro} ${b.kind} ${b.location}` ? -1 : 1));
}
