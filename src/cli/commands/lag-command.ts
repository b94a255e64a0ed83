import { KAPLAN_MEIER } from "../../analyze/kaplan-meier.js";
import { DEFAULT_LAG_GROUPINGS, LAG_GROUPINGS, type LagGroupBy } from "../../analyze/update-lag.js";
import type { TimeSource } from "../../analyze/time-of.js";
import { UsageError } from "../../errors/usage-error.js";
import { commaList } from "../../format/comma-list.js";
import { csvChunks } from "../../format/csv-chunks.js";
import { lagSummaryCsvRow } from "../../queries/lag-summary-csv-row.js";
import { jsonChunks } from "../../format/json-chunks.js";
import { jsonlChunks } from "../../format/jsonl-chunks.js";
import { renderTable } from "../../format/render-table.js";
import { queryContext } from "../../queries/query-context.js";
import { type UpdateLagRow, updateLagQuery } from "../../queries/update-lag-query.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, upstreamOf, withStore } from "../cli-context.js";
import { writeChunks } from "../write-chunks.js";

export interface LagOptions extends GlobalOptions {
  readonly upstream?: string;
  readonly rebuild?: string;
  readonly release?: string;
  readonly package?: string;
  readonly time?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly jsonl?: boolean;
  readonly summary?: boolean;
  readonly by?: string;
  readonly asOf?: string;
}

const pct = (x: number | null): string | null => (x === null ? null : `${Math.round(x * 100)}%`);

/** `elscope lag`: days from each upstream build to each rebuild's matching build (package lag). */
export async function lagCommand(opts: LagOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const upstream = upstreamOf(catalog, opts.upstream);
  const rebuilds = commaList(opts.rebuild);
  if (rebuilds.length === 0)
    throw new UsageError("arguments", "--rebuild wants at least one distribution, e.g. --rebuild almalinux,rocky");
  const time = (opts.time ?? "file") as TimeSource;
  if (time !== "file" && time !== "seen")
    throw new UsageError("arguments", `--time is "file" or "seen", not "${opts.time}"`);
  const by = opts.by === undefined ? DEFAULT_LAG_GROUPINGS : commaList(opts.by);
  const unknown = by.filter((g) => !(LAG_GROUPINGS as readonly string[]).includes(g));
  if (unknown.length > 0)
    throw new UsageError("arguments", `--by takes ${LAG_GROUPINGS.join(", ")}, not "${unknown.join(",")}"`);
  const asOf = asOfFlag(opts);
  await withStore(opts, async (store) => {
    const answer = await updateLagQuery(queryContext(store, catalog, new Date(), asOf), {
      by: by as LagGroupBy[],
      // An export writes each row as it is made; the table gathers them anyway.
      rows:
        opts.summary === true
          ? "none"
          : opts.json === true || opts.jsonl === true || opts.csv === true
            ? "lazy"
            : "all",
      upstream,
      rebuilds,
      release: opts.release,
      package: opts.package,
      time,
    });
    const { eachRow, ...envelope } = answer;
    const { summaries } = answer;
    const rows = eachRow?.() ?? answer.rows;
    // A whole major is 100+ MB of text: written as it is made, never held whole.
    if (opts.json === true) {
      await writeChunks(jsonChunks(envelope, opts.summary === true ? [] : rows));
      await writeChunks(["\n"]);
      return;
    }
    if (opts.jsonl === true) {
      await writeChunks(jsonlChunks(opts.summary === true ? summaries : rows));
      return;
    }
    if (opts.csv === true) {
      await writeChunks(csvChunks(opts.summary === true ? summaries.map((s) => lagSummaryCsvRow(s, answer)) : rows));
      return;
    }
    process.stdout.write(asOfLine(asOf));
    if (opts.summary !== true) {
      // The text table is the one wide view: one line per upstream build, a column per rebuild.
      const byBuild = new Map<string, Map<string, UpdateLagRow>>();
      for (const r of rows) {
        let m = byBuild.get(r.upstreamBuild);
        if (m === undefined) byBuild.set(r.upstreamBuild, (m = new Map<string, UpdateLagRow>()));
        m.set(r.rebuild, r);
      }
      const lines = [...byBuild.values()];
      process.stdout.write(
        renderTable(lines, [
          { header: "package", value: (m) => first(m).package },
          { header: `${upstream} build`, value: (m) => first(m).upstreamEvr },
          { header: "release", value: (m) => first(m).upstreamRelease },
          { header: `${upstream} date`, value: (m) => first(m).upstreamTime.slice(0, 16).replace("T", " ") },
          { header: "upstream clock", value: (m) => first(m).upstreamTimeSource },
          ...rebuilds.map((id) => ({
            header: `${id} lag (days)`,
            align: "right" as const,
            value: (m: Map<string, UpdateLagRow>) => {
              const x = m.get(id);
              if (x === undefined) return "unknown";
              // The data keeps exact days; the table shows hundredths.
              if (x.status === "pending") return `pending, waiting ${x.waitingDays.toFixed(2)} so far`;
              return `${x.lagDays.toFixed(2)}${x.status === "modified" ? " (modified)" : ""}`;
            },
          })),
        ]),
      );
      process.stdout.write("\n");
    }
    process.stdout.write(
      renderTable(
        summaries.filter((s) => s.groupBy === "distro" || s.groupBy === "release"),
        [
          { header: "rebuild", value: (s) => s.rebuild },
          { header: "release", value: (s) => (s.groupBy === "distro" ? "all" : s.group) },
          { header: "builds", value: (s) => s.builds, align: "right" },
          { header: "pending", value: (s) => s.pending, align: "right" },
          { header: "median d", value: (s) => s.medianDays, align: "right" },
          { header: "p90 d", value: (s) => s.p90Days, align: "right" },
          { header: "max d", value: (s) => s.maxDays, align: "right" },
          { header: "≤1 d", value: (s) => pct(s.within1Day), align: "right" },
          { header: "≤7 d", value: (s) => pct(s.within7Days), align: "right" },
          { header: "pending median age d", value: (s) => s.pendingMedianDays, align: "right" },
          { header: "pending max age d", value: (s) => s.pendingMaxDays, align: "right" },
        ],
      ),
    );
    process.stdout.write(
      `\nmedian, p90 and ≤1/≤7 d: ${KAPLAN_MEIER} estimates, pending builds right-censored at each rebuild's newest sync (${rebuilds.map((id) => `${id} ${summaries.find((s) => s.rebuild === id)?.asOf ?? "unknown"}`).join(", ")}); max d over shipped builds`,
    );
    const c = answer.upstreamClock;
    const clocks = Object.entries(c.bySource)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    process.stdout.write(
      `\n${c.withClock} ${upstream} builds with a clock (${clocks === "" ? "none" : clocks})${c.withoutClock > 0 ? `, ${c.withoutClock} without one` : ""}${c.note === null ? "" : `; ${c.note}`}`,
    );
    process.stdout.write(
      `\n${answer.lag}, upstream ${upstream}; rebuild times from ${time === "file" ? "the metadata's file times" : "when elscope first saw each build"}; data as of ${Object.entries(
        answer.asOf,
      )
        .map(([d, t]) => `${d} ${t ?? "unknown"}`)
        .join(", ")}\n`,
    );
  });
}

function first(m: ReadonlyMap<string, UpdateLagRow>): UpdateLagRow {
  return m.values().next().value as UpdateLagRow;
}
