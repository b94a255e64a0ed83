import { architecturesQuery } from "../../queries/architectures-query.js";
import { queryContext } from "../../queries/query-context.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";

/** `elscope arches`: architectures per distribution and major release, declared and confirmed by sync. */
export async function archesCommand(opts: GlobalOptions & { json?: boolean; csv?: boolean }): Promise<void> {
  const catalog = openCatalog(opts);
  await withStore(opts, async (store) => {
    const answer = await architecturesQuery(queryContext(store, catalog));
    const { rows } = answer;
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) {
      process.stdout.write(renderCsv(rows.map((r) => ({ ...r, repositories: r.repositories.join(" ") }))));
      return;
    }
    process.stdout.write(
      renderTable(rows, [
        { header: "distro", value: (r) => r.distro },
        { header: "major", value: (r) => r.major },
        { header: "arch", value: (r) => r.arch },
        { header: "declared", value: (r) => (r.declared ? "yes" : "no") },
        {
          header: "confirmed by sync",
          value: (r) => (r.confirmed === null ? "not synced" : r.confirmed ? "yes" : "no"),
        },
      ]),
    );
  });
}
