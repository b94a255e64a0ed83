import type { Catalog } from "../catalog/load-catalog.js";
import { ElscopeError } from "../errors/elscope-error.js";
import type { Store } from "../store/store.js";
import type { ImportOptions } from "./import-options.js";
import { type ImportFamily, type ImportResults, type Importer, importerFor } from "./importers.js";

/** One live source's outcome. */
export interface UpdateRow {
  readonly distro: string;
  readonly kind: string;
  readonly url: string;
  readonly status: "updated" | "failed";
  readonly dates: number | null;
  readonly mirrors: number | null;
  readonly advisories: number | null;
  readonly warnings: number;
  readonly error: string | null;
  /** What the source chose to read when not everything (a CSAF tree's first run), else null. */
  readonly note: string | null;
}

/** What each family's import adds to the summary's columns; images are not a live source yet. */
const COLUMNS: {
  readonly [F in ImportFamily]: (r: ImportResults[F]) => Pick<UpdateRow, "dates" | "mirrors" | "advisories" | "note">;
} = {
  "release-dates": (r) => ({ dates: r.dates, mirrors: null, advisories: null, note: null }),
  advisories: (r) => ({ dates: null, mirrors: null, advisories: r.advisories, note: r.note ?? null }),
  mirrors: (r) => ({ dates: null, mirrors: r.mirrors, advisories: null, note: null }),
  images: () => ({ dates: null, mirrors: null, advisories: null, note: null }),
  popularity: () => ({ dates: null, mirrors: null, advisories: null, note: null }),
  leapp: () => ({ dates: null, mirrors: null, advisories: null, note: null }),
};

async function runOne<F extends ImportFamily>(
  importer: Importer<F>,
  options: ImportOptions,
): Promise<Pick<UpdateRow, "dates" | "mirrors" | "advisories" | "warnings" | "note">> {
  const r = await importer.run(options);
  return { ...COLUMNS[importer.family](r), warnings: r.warnings.length };
}

/**
 * Fetches every live source the catalog declares for `only` (or every)
 * distribution into the store, each through its importer in the importers
 * table; a source that fails keeps its last good data and is reported as failed.
 *
 * @example
 * const rows = await runUpdate(store, catalog, ["almalinux"]);
 */
export async function runUpdate(store: Store, catalog: Catalog, only: readonly string[]): Promise<UpdateRow[]> {
  const rows: UpdateRow[] = [];
  for (const d of catalog.distros) {
    if (only.length > 0 && !only.includes(d.id)) continue;
    const sources = [
      ...(d.releaseDates?.sources ?? []),
      ...(d.advisories?.sources ?? []),
      ...(d.mirrorNetwork?.lists ?? []),
    ];
    for (const { kind, url } of sources) {
      try {
        const options = { store, catalog, kind, distro: d.id, location: url, label: url };
        rows.push({
          distro: d.id,
          kind,
          url,
          status: "updated",
          ...(await runOne(importerFor(kind), options)),
          error: null,
        });
      } catch (e) {
        // A source's own failure (network, format, a kind the catalog cannot import) keeps its last
        // good data, since every importer stores nothing until it has read the whole source; anything
        // else is a bug and stops the update.
        if (!(e instanceof ElscopeError)) throw e;
        rows.push({
          distro: d.id,
          kind,
          url,
          status: "failed",
          dates: null,
          mirrors: null,
          advisories: null,
          warnings: 0,
          error: e.message,
          note: null,
        });
      }
    }
  }
  return rows;
}
