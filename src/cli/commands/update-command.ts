import type { Catalog } from "../../catalog/load-catalog.js";
import { ElscopeError } from "../../errors/elscope-error.js";
import type { Store } from "../../store/store.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";
import { importReleaseDates } from "./import-command.js";
import { importMirrorList } from "../../ingest/import-mirror-list.js";
import { importAdvisoryFile, importOsv } from "../../ingest/import-advisories.js";

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
    const jobs = [
      ...(d.releaseDates?.sources ?? []).map((s) => ({
        ...s,
        run: async () => {
          const r = await importReleaseDates(store, catalog, s.kind, s.url, d.id);
          return { dates: r.dates, mirrors: null, advisories: null, warnings: r.warnings.length };
        },
      })),
      ...(d.advisories?.sources ?? []).map((s) => ({
        ...s,
        run: async () => {
          const r =
            s.kind === "osv"
              ? await importOsv(store, d.id, s.url)
              : await importAdvisoryFile(store, d.id, s.kind, s.url);
          return { dates: null, mirrors: null, advisories: r.advisories, warnings: r.warnings.length };
        },
      })),
      ...(d.mirrorNetwork?.lists ?? []).map((s) => ({
        ...s,
        run: async () => {
          const r = await importMirrorList(store, d.id, s.kind, s.url, {});
          return { dates: null, mirrors: r.mirrors, advisories: null, warnings: r.warnings.length };
        },
      })),
    ];
    for (const job of jobs) {
      try {
        rows.push({
          distro: d.id,
          kind: job.kind,
          url: job.url,
          status: "updated",
          ...(await job.run()),
          error: null,
        });
      } catch (e) {
        if (!(e instanceof ElscopeError)) throw e;
        rows.push({
          distro: d.id,
          kind: job.kind,
          url: job.url,
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
