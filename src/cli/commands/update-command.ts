import type { Catalog } from "../../catalog/load-catalog.js";
import { ElscopeError } from "../../errors/elscope-error.js";
import type { Store } from "../../store/store.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";
import type { ImportOptions } from "../../ingest/import-options.js";
import { type ImportFamily, type ImportResults, type Importer, importerFor } from "../../ingest/importers.js";

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
}

/**
 * `elscope update`: fetches every live source the catalog declares (release
 * dates, advisories and mirror lists). A source that fails keeps its last good data; the
 * summary says which. Returns the exit code.
 */
export async function updateCommand(opts: GlobalOptions & { distro?: string; json?: boolean }): Promise<number> {
  const catalog = openCatalog(opts);
  const rows = await withStore(opts, (store) => runUpdate(store, catalog, commaList(opts.distro)));
  return report(rows, opts);
}

/** What each family's import adds to the summary's columns; images are not a live source yet. */
const COLUMNS: {
  readonly [F in ImportFamily]: (r: ImportResults[F]) => Pick<UpdateRow, "dates" | "mirrors" | "advisories">;
} = {
  "release-dates": (r) => ({ dates: r.dates, mirrors: null, advisories: null }),
  advisories: (r) => ({ dates: null, mirrors: null, advisories: r.advisories }),
  mirrors: (r) => ({ dates: null, mirrors: r.mirrors, advisories: null }),
  images: () => ({ dates: null, mirrors: null, advisories: null }),
  popularity: () => ({ dates: null, mirrors: null, advisories: null }),
};

async function runOne<F extends ImportFamily>(
  importer: Importer<F>,
  options: ImportOptions,
): Promise<Pick<UpdateRow, "dates" | "mirrors" | "advisories" | "warnings">> {
  const r = await importer.run(options);
  return { ...COLUMNS[importer.family](r), warnings: r.warnings.length };
}

/**
 * Fetches every live source the catalog declares for `only` (or every)
 * distribution into the store; a source that fails keeps its last good data
 * and is reported as failed.
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
        });
      }
    }
  }
  return rows;
}

function report(rows: readonly UpdateRow[], opts: { json?: boolean }): number {
  if (opts.json === true) printJson({ sources: rows, failed: rows.filter((r) => r.status === "failed").length });
  else {
    process.stdout.write(
      renderTable(rows, [
        { header: "distro", value: (r) => r.distro },
        { header: "source", value: (r) => r.kind },
        { header: "status", value: (r) => (r.status === "failed" ? "failed (last good data kept)" : r.status) },
        { header: "dates", value: (r) => r.dates ?? "", align: "right" },
        { header: "mirrors", value: (r) => r.mirrors ?? "", align: "right" },
        { header: "advisories", value: (r) => r.advisories ?? "", align: "right" },
        { header: "problems", value: (r) => r.warnings, align: "right" },
      ]),
    );
    for (const r of rows) if (r.error !== null) process.stderr.write(`elscope: ${r.error}\n`);
  }
  return rows.some((r) => r.status === "failed") ? EXIT_CODES.source : EXIT_CODES.ok;
}
