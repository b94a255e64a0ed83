import { UsageError } from "../../errors/usage-error.js";
import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import type { BuildPair } from "../../analyze/parity.js";
import { type ParityAnswer, parityQuery } from "../../queries/parity-query.js";
import { queryContext } from "../../queries/query-context.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, printJson, upstreamOf, withStore } from "../cli-context.js";

export interface ParityOptions extends GlobalOptions {
  readonly upstream?: string;
  readonly rebuild?: string;
  readonly release?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly asOf?: string;
}

const pct = (x: number | null): string | null => (x === null ? null : `${(x * 100).toFixed(1)}%`);

/** One section per status, with its count and its builds: what the shares stand for. */
function statusSections(answer: ParityAnswer, id: string): string {
  const { upstream, release } = answer;
  const pair = (p: BuildPair): string => `${p.upstream} → ${p.rebuild}`;
  const sections: [title: string, builds: readonly string[]][] = [
    [`missing (${upstream} builds ${id} does not ship)`, answer.missing[id] ?? []],
    // Either side's marker: the reference can be a rebuild too.
    [`modified (a release marker apart)`, (answer.modified[id] ?? []).map(pair)],
    [`replaced (by ${id}'s own package)`, (answer.replaced[id] ?? []).map(pair)],
    [`not applicable (left out on purpose)`, answer.notApplicable[id] ?? []],
    [`${id} only (not in ${upstream} ${release})`, answer.rebuildOnly[id] ?? []],
  ];
  return sections
    .map(([title, builds]) => `\n${id}: ${builds.length} ${title}\n${builds.map((b) => `  ${b}\n`).join("")}`)
    .join("");
}

/** `elscope parity`: which upstream builds each rebuild ships identical, modified or not at all. */
export async function parityCommand(opts: ParityOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const upstream = upstreamOf(catalog, opts.upstream);
  const rebuilds = commaList(opts.rebuild);
  if (rebuilds.length === 0) throw new UsageError("arguments", "--rebuild wants at least one distribution");
  if (opts.release === undefined)
    throw new UsageError("arguments", "--release is needed, e.g. --release 9 or --release 9.4");
  const release = opts.release;
  const asOf = asOfFlag(opts);
  await withStore(opts, async (store) => {
    const answer = await parityQuery(queryContext(store, catalog, new Date(), asOf), { upstream, rebuilds, release });
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) return void process.stdout.write(renderCsv(answer.rows.map((r) => ({ ...r }))));
    process.stdout.write(
      asOfLine(asOf) +
        renderTable(answer.rows, [
          { header: "repository", value: (r) => r.repo },
          { header: "rebuild", value: (r) => r.rebuild },
          { header: `${upstream} builds`, value: (r) => r.upstreamBuilds, align: "right" },
          { header: "not applicable", value: (r) => r.notApplicable, align: "right" },
          { header: "identical", value: (r) => pct(r.identicalShare), align: "right" },
          { header: "modified", value: (r) => pct(r.modifiedShare), align: "right" },
          { header: "replaced", value: (r) => pct(r.replacedShare), align: "right" },
          { header: "missing", value: (r) => pct(r.missingShare), align: "right" },
        ]),
    );
    process.stdout.write(
      `\nShares are of the ${upstream} builds that apply: not-applicable builds (left out on purpose, by the catalog) are in none.\n`,
    );
    for (const id of rebuilds) process.stdout.write(statusSections(answer, id));
  });
}
