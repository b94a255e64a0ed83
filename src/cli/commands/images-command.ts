import { flatRow } from "../../format/flat-row.js";
import { imageMatrixQuery } from "../../queries/image-matrix-query.js";
import { queryContext } from "../../queries/query-context.js";
import { UsageError } from "../../errors/usage-error.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";
import { crawlImages } from "../../ingest/import-images.js";

export interface ImagesOptions extends GlobalOptions {
  readonly distro?: string;
  readonly channel?: string;
  readonly all?: boolean;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly asOf?: string;
}

/** `elscope images`: which images each distribution offers, where, official or not. */
export async function imagesCommand(opts: ImagesOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const asOf = asOfFlag(opts);
  const answer = await withStore(opts, (store) =>
    imageMatrixQuery(queryContext(store, catalog, new Date(), asOf), {
      distros: commaList(opts.distro),
      channels: commaList(opts.channel),
    }),
  );
  const shown = answer.images;
  if (opts.all === true) {
    if (opts.json === true) printJson({ ...answer, rows: shown, images: undefined });
    else process.stdout.write(renderCsv(shown.map((i) => ({ ...i }))));
    return;
  }
  const rows = answer.rows;
  if (opts.json === true) return printJson({ ...answer, images: undefined });
  if (opts.csv === true) {
    process.stdout.write(
      renderCsv(
        rows.map((r) => ({
          ...r,
          releases: r.releases.join(" "),
          arches: r.arches.join(" "),
          sources: r.sources.join("; "),
        })),
      ),
    );
    return;
  }
  process.stdout.write(
    asOfLine(asOf) +
      renderTable(rows, [
        { header: "distro", value: (r) => r.distro },
        { header: "channel", value: (r) => r.channel },
        { header: "type", value: (r) => r.type },
        { header: "images", value: (r) => r.images, align: "right" },
        { header: "official", value: (r) => r.official, align: "right" },
        { header: "third-party", value: (r) => r.thirdParty, align: "right" },
        { header: "publisher unknown", value: (r) => r.unknownPublisher, align: "right" },
        { header: "releases", value: (r) => r.releases.join(" ") },
        { header: "arches", value: (r) => r.arches.join(" ") },
        { header: "newest", value: (r) => r.newest?.slice(0, 10) ?? null },
        { header: "as of", value: (r) => r.asOf.slice(0, 10) },
      ]),
  );
}

/** `elscope images crawl`: reads the image folders of a distribution's mirror into the store. */
export async function imagesCrawlCommand(
  opts: GlobalOptions & {
    distro?: string;
    release?: string;
    url?: string;
    depth?: string;
    json?: boolean;
    csv?: boolean;
  },
): Promise<void> {
  const catalog = openCatalog(opts);
  const distros = commaList(opts.distro);
  checkDistros(catalog, distros);
  if (distros.length !== 1) throw new UsageError("arguments", "images crawl wants one --distro");
  const r = await withStore(opts, (store) =>
    crawlImages(store, catalog, distros[0] as string, {
      ...(opts.url === undefined ? {} : { base: opts.url }),
      majors: commaList(opts.release).map((x) => x.split(".")[0] ?? x),
      depth: opts.depth === undefined ? 1 : Number(opts.depth),
    }),
  );
  for (const f of r.folders) if (f.error !== null) process.stderr.write(`elscope: ${r.distro}: ${f.url}: ${f.error}\n`);
  if (opts.json === true) return printJson(r);
  // CSV: one row per folder read.
  if (opts.csv === true)
    return void process.stdout.write(renderCsv(r.folders.map((f) => flatRow({ distro: r.distro, ...f }))));
  process.stdout.write(
    `${r.distro}: ${r.images} images in ${r.folders.filter((f) => f.error === null).length} folders of ${r.base} (${r.folders.filter((f) => f.error !== null).length} unreadable)\n`,
  );
}
