import { type GlobalOptions, printJson, withStore } from "../cli-context.js";
import { renderTable } from "../render-table.js";

/** `elscope repos`: the repositories in the store and their newest snapshots. */
export async function reposCommand(opts: GlobalOptions & { json?: boolean }): Promise<void> {
  await withStore(opts, async (store) => {
    const rows = await store.listRepositories();
    if (opts.json === true) {
      printJson(rows);
      return;
    }
    process.stdout.write(
      renderTable(rows, [
        { header: "repository", value: (r) => r.key },
        { header: "packages", value: (r) => r.packages, align: "right" },
        { header: "snapshots", value: (r) => r.snapshots, align: "right" },
        { header: "fetched", value: (r) => r.fetchedAt },
        { header: "checked", value: (r) => r.checkedAt },
        { header: "source", value: (r) => r.sourceUrl },
      ]),
    );
  });
}
