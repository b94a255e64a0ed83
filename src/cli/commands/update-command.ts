import { type GlobalOptions, openCatalog, printJson, withWritingStore } from "../cli-context.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";
import { type UpdateRow, runUpdate } from "../../ingest/run-update.js";
import { updateRequests } from "../../jobs/update-requests.js";
import { enqueueJobs } from "../enqueue-jobs.js";

/**
 * `elscope update`: fetches every live source the catalog declares (release
 * dates, advisories and mirror lists). A source that fails keeps its last good data; the
 * summary says which. Returns the exit code.
 */
export async function updateCommand(
  opts: GlobalOptions & { distro?: string; json?: boolean; csv?: boolean; queue?: boolean },
): Promise<number> {
  const catalog = openCatalog(opts);
  if (opts.queue === true) {
    await enqueueJobs(opts, updateRequests(catalog, commaList(opts.distro)));
    return EXIT_CODES.ok;
  }
  const only = commaList(opts.distro);
  const rows = await withWritingStore(opts, only.length > 0 ? only : ["*"], (store) => runUpdate(store, catalog, only));
  return report(rows, opts);
}

function report(rows: readonly UpdateRow[], opts: { json?: boolean; csv?: boolean }): number {
  if (opts.json === true) printJson({ sources: rows, failed: rows.filter((r) => r.status === "failed").length });
  else if (opts.csv === true) process.stdout.write(renderCsv(rows.map((r) => ({ ...r }))));
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
    for (const r of rows) if (r.note !== null) process.stdout.write(`${r.distro} ${r.kind}: ${r.note}\n`);
    for (const r of rows) if (r.error !== null) process.stderr.write(`elscope: ${r.error}\n`);
  }
  return rows.some((r) => r.status === "failed") ? EXIT_CODES.source : EXIT_CODES.ok;
}
