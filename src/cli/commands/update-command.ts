import { ElscopeError } from "../../errors/elscope-error.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { renderTable } from "../render-table.js";
import { list } from "./analysis-input.js";
import { importReleaseDates } from "./import-command.js";

interface UpdateRow {
  readonly distro: string;
  readonly kind: string;
  readonly url: string;
  readonly status: "updated" | "failed";
  readonly dates: number | null;
  readonly warnings: number;
  readonly error: string | null;
}

/**
 * `elscope update`: fetches every live source the catalog declares (release
 * dates for now). A source that fails keeps its last good data; the summary
 * says which. Returns the exit code.
 */
export async function updateCommand(opts: GlobalOptions & { distro?: string; json?: boolean }): Promise<number> {
  const catalog = openCatalog(opts);
  const only = list(opts.distro);
  const rows: UpdateRow[] = [];
  await withStore(opts, async (store) => {
    for (const d of catalog.distros) {
      if (only.length > 0 && !only.includes(d.id)) continue;
      for (const s of d.releaseDates?.sources ?? []) {
        try {
          const r = await importReleaseDates(store, catalog, s.kind, s.url, d.id);
          rows.push({
            distro: d.id,
            kind: s.kind,
            url: s.url,
            status: "updated",
            dates: r.dates,
            warnings: r.warnings.length,
            error: null,
          });
        } catch (e) {
          if (!(e instanceof ElscopeError)) throw e;
          rows.push({
            distro: d.id,
            kind: s.kind,
            url: s.url,
            status: "failed",
            dates: null,
            warnings: 0,
            error: e.message,
          });
        }
      }
    }
  });
  if (opts.json === true) printJson({ sources: rows, failed: rows.filter((r) => r.status === "failed").length });
  else {
    process.stdout.write(
      renderTable(rows, [
        { header: "distro", value: (r) => r.distro },
        { header: "source", value: (r) => r.kind },
        { header: "status", value: (r) => (r.status === "failed" ? "failed (last good data kept)" : r.status) },
        { header: "dates", value: (r) => r.dates, align: "right" },
        { header: "skipped rows", value: (r) => r.warnings, align: "right" },
      ]),
    );
    for (const r of rows) if (r.error !== null) process.stderr.write(`elscope: ${r.error}\n`);
  }
  return rows.some((r) => r.status === "failed") ? EXIT_CODES.source : EXIT_CODES.ok;
}
