import { UsageError } from "../../errors/usage-error.js";
import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { parseAsOf } from "../../queries/parse-as-of.js";
import { queryContext } from "../../queries/query-context.js";
import { trendQuery } from "../../queries/trend-query.js";
import { type GlobalOptions, openCatalog, openFacts, printJson, withStore } from "../cli-context.js";

export interface TrendOptions extends GlobalOptions {
  readonly distro?: string;
  readonly upstream?: string;
  readonly release?: string;
  readonly from?: string;
  readonly to?: string;
  readonly every?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

/** `elscope trend METRIC`: one of the scorecard's summaries measured as of each month (or week) of the history. */
export async function trendCommand(metric: string, opts: TrendOptions): Promise<void> {
  const every = opts.every ?? "month";
  if (every !== "month" && every !== "week")
    throw new UsageError("arguments", `--every is "month" or "week", not "${every}"`);
  const catalog = openCatalog(opts);
  const from = opts.from === undefined ? {} : { from: parseAsOf(opts.from, "--from") };
  const to = opts.to === undefined ? {} : { to: parseAsOf(opts.to, "--to") };
  const answer = await withStore(opts, (store) =>
    trendQuery(queryContext(store, catalog), {
      metric,
      facts: openFacts(catalog),
      distros: commaList(opts.distro),
      every: every,
      ...(opts.upstream === undefined ? {} : { upstream: opts.upstream }),
      ...(opts.release === undefined ? {} : { release: opts.release }),
      ...from,
      ...to,
    }),
  );
  if (opts.json === true) return printJson(answer);
  if (opts.csv === true) return void process.stdout.write(renderCsv(answer.rows.map((r) => ({ ...r }))));
  process.stdout.write(
    renderTable(answer.rows, [
      { header: "as of", value: (r) => r.point.slice(0, 10) },
      { header: "subject", value: (r) => r.subject },
      { header: answer.metric, value: (r) => (r.value === null ? "unknown" : round(r.value)), align: "right" },
      { header: "unit", value: (r) => r.unit },
      { header: "n", value: (r) => r.n, align: "right" },
    ]),
  );
  process.stdout.write(
    answer.events.map((e) => `\nevent ${e.date} (${e.distro} ${e.topic}): ${e.label} <${e.source}>`).join("") +
      `\n${answer.metric} every ${answer.every} from ${answer.from} to ${answer.to} (${answer.points.length} points), each measured as of its point\nsources: ${answer.sources.join("; ") || "none"}\n`,
  );
}

/** Shares and medians in the table with at most three decimals; the data keeps them exact. */
function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}
