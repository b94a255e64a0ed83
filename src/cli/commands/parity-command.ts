import { UsageError } from "../../errors/usage-error.js";
import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { parityQuery } from "../../queries/parity-query.js";
import { queryContext } from "../../queries/query-context.js";
import { type GlobalOptions, openCatalog, printJson, upstreamOf, withStore } from "../cli-context.js";

export interface ParityOptions extends GlobalOptions {
  readonly upstream?: string;
  readonly rebuild?: string;
  readonly release?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

const pct = (x: number | null): string | null => (x === null ? null : `${(x * 100).toFixed(1)}%`);

/** `elscope parity`: which upstream builds each rebuild ships identical, modified or not at all. */
export async function parityCommand(opts: ParityOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const upstream = upstreamOf(catalog, opts.upstream);
  const rebuilds = commaList(opts.rebuild);
  if (rebuilds.length === 0) throw new UsageError("arguments", "--rebuild wants at least one distribution");
  if (opts.release === undefined)
    throw new UsageError("arguments", "--release is needed, e.g. --release 9 or --release 9.4");
  const release = opts.release;
  await withStore(opts, async (store) => {
    const answer = await parityQuery(queryContext(store, catalog), { upstream, rebuilds, release });
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) return void process.stdout.write(renderCsv(answer.rows.map((r) => ({ ...r }))));
    process.stdout.write(
      renderTable(answer.rows, [
        { header: "repository", value: (r) => r.repo },
        { header: "rebuild", value: (r) => r.rebuild },
        { header: `${upstream} builds`, value: (r) => r.upstreamBuilds, align: "right" },
        { header: "identical", value: (r) => pct(r.identicalShare), align: "right" },
        { header: "modified", value: (r) => pct(r.modifiedShare), align: "right" },
        { header: "missing", value: (r) => pct(r.missingShare), align: "right" },
      ]),
    );
    for (const id of rebuilds) {
      const only = answer.rebuildOnly[id] ?? [];
      process.stdout.write(
        `\n${id}: ${only.length} builds not in ${upstream} ${release}${only.length > 0 ? `: ${only.slice(0, 10).join(", ")}${only.length > 10 ? ", ..." : ""}` : ""}\n`,
      );
    }
  });
}
