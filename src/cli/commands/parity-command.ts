import { matchRules } from "../../analyze/match-rules.js";
import { computeParity } from "../../analyze/parity.js";
import { UsageError } from "../../errors/usage-error.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { buildsOf } from "../../store/builds-in-store.js";
import { asOf } from "../../queries/as-of.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";

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
  const upstream = opts.upstream ?? "rhel";
  const rebuilds = commaList(opts.rebuild);
  if (rebuilds.length === 0) throw new UsageError("arguments", "--rebuild wants at least one distribution");
  if (opts.release === undefined)
    throw new UsageError("arguments", "--release is needed, e.g. --release 9 or --release 9.4");
  checkDistros(catalog, [upstream, ...rebuilds]);
  const release = opts.release;
  await withStore(opts, async (store) => {
    const up = await buildsOf(store, upstream, [release]);
    const inputs = [];
    for (const id of rebuilds)
      inputs.push({ id, builds: await buildsOf(store, id, [release]), rules: matchRules(catalog, id, upstream) });
    const result = computeParity(up, inputs);
    if (opts.json === true) {
      printJson({ upstream, rebuilds, release, asOf: await asOf(store, [upstream, ...rebuilds]), ...result });
      return;
    }
    const flat = [...result.rows, result.total].flatMap((row) =>
      rebuilds.map((id) => {
        const c = row.rebuilds[id];
        return {
          release,
          repo: row.repo,
          rebuild: id,
          upstreamBuilds: row.upstreamBuilds,
          identical: c?.identical ?? 0,
          modified: c?.modified ?? 0,
          missing: c?.missing ?? 0,
          identicalShare: c?.identicalShare ?? null,
          modifiedShare: c?.modifiedShare ?? null,
          missingShare: c?.missingShare ?? null,
        };
      }),
    );
    if (opts.csv === true) {
      process.stdout.write(renderCsv(flat));
      return;
    }
    process.stdout.write(
      renderTable(flat, [
        { header: "repository", value: (r) => r.repo },
        { header: "rebuild", value: (r) => r.rebuild },
        { header: `${upstream} builds`, value: (r) => r.upstreamBuilds, align: "right" },
        { header: "identical", value: (r) => pct(r.identicalShare), align: "right" },
        { header: "modified", value: (r) => pct(r.modifiedShare), align: "right" },
        { header: "missing", value: (r) => pct(r.missingShare), align: "right" },
      ]),
    );
    for (const id of rebuilds) {
      const only = result.rebuildOnly[id] ?? [];
      process.stdout.write(
        `\n${id}: ${only.length} builds not in ${upstream} ${release}${only.length > 0 ? `: ${only.slice(0, 10).join(", ")}${only.length > 10 ? ", ..." : ""}` : ""}\n`,
      );
    }
  });
}
