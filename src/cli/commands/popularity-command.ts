import { NoDataError } from "../../errors/no-data-error.js";
import { ImageStore } from "../../store/image-store.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";

/** `elscope popularity`: every popularity series in the store, each point with its source and date. */
export async function popularityCommand(
  opts: GlobalOptions & { distro?: string; metric?: string; json?: boolean; csv?: boolean },
): Promise<void> {
  const catalog = openCatalog(opts);
  const distros = commaList(opts.distro);
  checkDistros(catalog, distros);
  const metrics = commaList(opts.metric);
  const points = (
    await withStore(opts, (store) => new ImageStore(store.db).popularity(distros.length > 0 ? distros : undefined))
  ).filter((p) => metrics.length === 0 || metrics.includes(p.metric));
  if (points.length === 0) {
    throw new NoDataError(
      "store",
      "no popularity data: run `elscope import <popularity-csv|docker-hub-repository|quay-repository|vagrant-cloud-box> <file> --distro <id>` first",
    );
  }
  if (opts.json === true) return printJson({ points });
  if (opts.csv === true) return void process.stdout.write(renderCsv(points.map((p) => ({ ...p }))));
  process.stdout.write(
    renderTable(points, [
      { header: "distro", value: (p) => p.distro },
      { header: "metric", value: (p) => p.metric },
      { header: "subject", value: (p) => p.subject },
      { header: "date", value: (p) => p.date },
      { header: "value", value: (p) => p.value, align: "right" },
      { header: "source", value: (p) => `${p.sourceKind} ${p.source}` },
    ]),
  );
}
