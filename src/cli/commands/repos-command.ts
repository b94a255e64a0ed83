import { repositoriesQuery } from "../../queries/repositories-query.js";
import { queryContext } from "../../queries/query-context.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";

/** `elscope repos`: the repositories in the store, their newest snapshots and package counts. */
export async function reposCommand(
  opts: GlobalOptions & { json?: boolean; csv?: boolean; asOf?: string },
): Promise<void> {
  const catalog = openCatalog(opts);
  const asOf = asOfFlag(opts);
  await withStore(opts, async (store) => {
    const answer = await repositoriesQuery(queryContext(store, catalog, new Date(), asOf));
    const { rows } = answer;
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) {
      process.stdout.write(
        renderCsv(
          rows.map((r) => ({
            key: r.key,
            distro: r.distro,
            release: r.release,
            repo: r.repo,
            arch: r.arch,
            packages: r.packages,
            binaryPackages: r.binaryPackages,
            sourcePackages: r.sourcePackages,
            packagesByArch: Object.entries(r.packagesByArch)
              .sort()
              .map(([a, n]) => `${a}:${n}`)
              .join(" "),
            snapshots: r.snapshots,
            fetchedAt: r.fetchedAt,
            checkedAt: r.checkedAt,
            sourceUrl: r.sourceUrl,
          })),
        ),
      );
      return;
    }
    process.stdout.write(
      asOfLine(asOf) +
        renderTable(rows, [
          { header: "repository", value: (r) => r.key },
          { header: "binary", value: (r) => r.binaryPackages, align: "right" },
          { header: "source", value: (r) => r.sourcePackages, align: "right" },
          {
            header: "by arch",
            value: (r) =>
              Object.entries(r.packagesByArch)
                .sort()
                .map(([a, n]) => `${a} ${n}`)
                .join(", "),
          },
          { header: "snapshots", value: (r) => r.snapshots, align: "right" },
          { header: "fetched", value: (r) => r.fetchedAt },
          { header: "checked", value: (r) => r.checkedAt },
        ]),
    );
  });
}
