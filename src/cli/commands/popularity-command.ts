import { popularityQuery } from "../../queries/popularity-query.js";
import { queryContext } from "../../queries/query-context.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";

/** `elscope popularity`: every popularity series in the store, each point with its source and date. */
export async function popularityCommand(
  opts: GlobalOptions & { distro?: string; metric?: string; json?: boolean; csv?: boolean },
): Promise<void> {
  const catalog = openCatalog(opts);
  const answer = await withStore(opts, (store) =>
    popularityQuery(queryContext(store, catalog), { distros: commaList(opts.distro), metrics: commaList(opts.metric) }),
  );
  const { points } = answer;
  if (opts.json === true) return printJson({ ...answer, points: undefined, rows: points });
  if (opts.csv === true) return void process.stdout.write(renderCsv(points.map((p) => ({ ...p }))));
  process.stdout.write(
    renderTable(points, [
      { header: "distro", value: (p) => p.distro },
      { header: "metric", value: (p) => p.metric },
      { header: "subject", value: (p) => p.subject },
      { header: "date", value: (p) => p.date },
      { header: "value", value: (p) => p.value, align: "right" },
      { header: "source", value: (p) => `${p.sourceKind} ${p.source}` },
      { header: "note", value: (p) => p.note ?? "" },
    ]),
  );
}
