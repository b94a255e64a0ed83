import { resolve } from "node:path";
import { UsageError } from "../../errors/usage-error.js";
import { localPath } from "../../fetch/fetcher.js";
import { enqueueJobs } from "../enqueue-jobs.js";
import { flatRow } from "../../format/flat-row.js";
import { renderCsv } from "../../format/render-csv.js";
import type { HistorySampling } from "../../fetch/git-tree-snapshots.js";
import { HISTORY_KIND } from "../../ingest/import-endoflife-product-history.js";
import type { ImportOptions } from "../../ingest/import-options.js";
import { type ImportFamily, type ImportResults, type Importer, importerFor } from "../../ingest/importers.js";
import { commaList } from "../../format/comma-list.js";
import { type GlobalOptions, openCatalog, printJson, withWritingStore } from "../cli-context.js";
import { escapeControl } from "../../errors/escape-control.js";

/** `elscope import`'s flags. */
export interface ImportCommandOptions extends GlobalOptions {
  readonly distro?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly history?: string | boolean;
  readonly region?: string;
  readonly subject?: string;
  readonly asOf?: string;
  readonly label?: string;
  /** Enqueue the import for workers instead of running it. */
  readonly queue?: boolean;
}

const SAMPLINGS: readonly string[] = ["every", "daily", "monthly"] satisfies readonly HistorySampling[];

/** `--history` alone is monthly sampling. */
function historyOf(flag: string | boolean | undefined): HistorySampling | undefined {
  const history = flag === true ? "monthly" : flag === false ? undefined : flag;
  if (history !== undefined && !SAMPLINGS.includes(history))
    throw new UsageError("arguments", `--history wants every, daily or monthly, got "${history}"`);
  return history as HistorySampling | undefined;
}

/** Where the summary goes and what it names. */
interface Shown {
  readonly location: string;
  readonly json: boolean;
  readonly csv: boolean;
}

/** Warnings on stderr, then the summary: one line, or JSON with the warnings counted. */
function printCounted(
  r: { readonly distro: string; readonly kind: string; readonly warnings: readonly string[] },
  { json, csv }: Shown,
  what: string,
): void {
  for (const w of r.warnings) process.stderr.write(`elscope: ${r.distro}:${r.kind}: ${escapeControl(w)}\n`);
  if (json) printJson({ ...r, warnings: r.warnings.length });
  else if (csv) process.stdout.write(renderCsv([flatRow(r)]));
  else process.stdout.write(`${r.distro}: ${what}, ${r.warnings.length} problems\n`);
}

const printImages = (r: ImportResults["images"], shown: Shown): void =>
  printCounted(r, shown, `${r.images} images and ${r.counts} counts from ${r.kind}`);

// What each family's outcome prints as; release dates keep their own wording and list their
// skipped rows in JSON, as they always have.
const PRINT: { readonly [F in ImportFamily]: (r: ImportResults[F], shown: Shown) => void } = {
  "release-dates": (r, { location, json, csv }) => {
    for (const w of r.warnings)
      process.stderr.write(`elscope: ${r.distro}:${r.kind}: ${escapeControl(`${location}: ${w}`)}\n`);
    if (json) printJson(r);
    else if (csv) process.stdout.write(renderCsv([flatRow(r)]));
    else
      process.stdout.write(
        `${r.distro}: ${r.dates} dates from ${r.kind} (${escapeControl(location)}), ${r.warnings.length} ${r.kind === HISTORY_KIND ? "warnings (corrections, skipped pages and rows)" : "rows skipped"}\n`,
      );
  },
  advisories: (r, shown) =>
    printCounted(r, shown, `${r.advisories} advisories from ${r.kind} (${r.withGitTime} with a git first-seen time)`),
  mirrors: (r, shown) =>
    printCounted(
      r,
      shown,
      `${r.mirrors} mirrors from ${r.kind} (${r.snapshots.new} new snapshots, ${r.snapshots.unchanged} unchanged)`,
    ),
  images: printImages,
  popularity: printImages,
  leapp: (r, shown) => printCounted(r, shown, `${r.records} records from ${r.kind}`),
};

async function importAndPrint<F extends ImportFamily>(
  importer: Importer<F>,
  opts: GlobalOptions,
  options: Omit<ImportOptions, "store">,
  shown: Shown,
): Promise<void> {
  const r = await withWritingStore(opts, commaList(options.distro), (store) => importer.run({ ...options, store }));
  PRINT[importer.family](r, shown);
}

/** `elscope import <kind> <source>`: reads one source of any importable kind into the store. */
export async function importCommand(kind: string, location: string, opts: ImportCommandOptions): Promise<void> {
  const catalog = openCatalog(opts);
  // --as-of: when the imported copy was taken, for copies older than the import (the bundled snapshot).
  const asOf = opts.asOf === undefined ? undefined : new Date(opts.asOf);
  if (asOf !== undefined && Number.isNaN(asOf.getTime()))
    throw new UsageError("arguments", `--as-of wants a date (2026-07-15 or an ISO time), got "${opts.asOf}"`);
  const history = historyOf(opts.history);
  const importer = importerFor(kind);
  const distro = importer.distroFor(catalog, kind, location, opts.distro);
  const label = opts.label ?? location;
  if (opts.queue === true) {
    if (asOf !== undefined || history !== undefined || opts.region !== undefined || opts.subject !== undefined)
      throw new UsageError("arguments", "--queue takes no --as-of, --history, --region or --subject");
    // A worker runs elsewhere, in another folder: a local path is made absolute.
    const local = localPath(location);
    const where = local === null ? location : resolve(local);
    await enqueueJobs(opts, [{ queue: "import", kind, location: where, distro, label: opts.label ?? where }]);
    return;
  }
  const options = { catalog, kind, distro, location, label, asOf, history, region: opts.region, subject: opts.subject };
  await importAndPrint(importer, opts, options, { location, json: opts.json === true, csv: opts.csv === true });
}
