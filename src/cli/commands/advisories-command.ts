import { UsageError } from "../../errors/usage-error.js";
import { renderCsv } from "../../format/render-csv.js";
import { advisoryCsvRow } from "../../queries/advisory-csv-row.js";
import { renderTable } from "../../format/render-table.js";
import { advisoryLagQuery } from "../../queries/advisory-lag-query.js";
import { exposureQuery } from "../../queries/exposure-query.js";
import { queryContext } from "../../queries/query-context.js";
import { type GlobalOptions, openCatalog, printJson, upstreamOf, withStore } from "../cli-context.js";

interface Options extends GlobalOptions {
  /** The one rebuild; `--distro` is its older spelling. */
  readonly rebuild?: string;
  readonly distro?: string;
  readonly upstream?: string;
  readonly summary?: boolean;
  readonly json?: boolean;
  readonly csv?: boolean;
}

function params(opts: Options): { rebuild: string; upstream: string; catalog: ReturnType<typeof openCatalog> } {
  const catalog = openCatalog(opts);
  const rebuild = opts.rebuild ?? opts.distro;
  if (rebuild === undefined) throw new UsageError("arguments", "--rebuild is needed, e.g. --rebuild almalinux");
  return { rebuild, upstream: upstreamOf(catalog, opts.upstream), catalog };
}

/** `elscope advisories`: errata lag and feed lag per rebuild advisory, with summaries of each per year, major, severity and type. */
export async function advisoriesCommand(opts: Options): Promise<void> {
  const { rebuild, upstream, catalog } = params(opts);
  const answer = await withStore(opts, (store) =>
    advisoryLagQuery(queryContext(store, catalog), { rebuild, upstream }),
  );
  const { rows, summaries, coverage, packagesNeverSeen: unseen } = answer;
  if (opts.json === true) {
    printJson({ ...answer, rows: opts.summary === true ? [] : rows });
    return;
  }
  if (opts.csv === true) {
    process.stdout.write(
      renderCsv(opts.summary === true ? summaries.map((s) => ({ ...s })) : rows.map(advisoryCsvRow)),
    );
    return;
  }
  process.stdout.write(
    renderTable(
      summaries.filter((s) => s.groupBy !== "type"),
      [
        { header: "lag", value: (s) => s.lag },
        { header: "group", value: (s) => (s.groupBy === "all" ? "all" : `${s.groupBy} ${s.group}`) },
        { header: "advisories", value: (s) => s.advisories, align: "right" },
        { header: "measured", value: (s) => s.measured, align: "right" },
        { header: "median d", value: (s) => s.medianDays, align: "right" },
        { header: "p90 d", value: (s) => s.p90Days, align: "right" },
        { header: "max d", value: (s) => s.maxDays, align: "right" },
      ],
    ),
  );
  process.stdout.write(
    `\n${rebuild} advisories against ${upstream}:\n` +
      `errata lag: from the upstream advisory to ${rebuild}'s own publication time (Apollo publishedAt, errata.json updated_date, OSV modified as first committed); ` +
      `${answer.withoutOwnPublication} of ${rows.length} have none and are not measured\n` +
      `feed lag: from the upstream advisory to the commit that first carried it in the feed's history (the feed, not patching speed); ` +
      `${answer.feedBackfills} first added by backfill commits (more than ${answer.backfillFiles} advisory files at once) are excluded; ` +
      `commit times are upper bounds of publication (upperBound in --json), never errata lag\n` +
      (coverage.known
        ? `${coverage.withoutCounterpart.length} of ${coverage.upstreamAdvisories} upstream advisories have no counterpart\n`
        : `coverage unknown: no ${upstream} advisories in the store\n`) +
      (unseen.length > 0
        ? `${unseen.length} advisories name package builds no synced ${rebuild} repository has carried (see --json packagesNeverSeen)\n`
        : ""),
  );
}

/** `elscope exposure`: per CVE, how long the rebuild stayed without the upstream fix. */
export async function exposureCommand(opts: Options): Promise<void> {
  const { rebuild, upstream, catalog } = params(opts);
  const answer = await withStore(opts, (store) => exposureQuery(queryContext(store, catalog), { rebuild, upstream }));
  const exposure = answer.rows;
  if (opts.json === true) return printJson(answer);
  if (opts.csv === true) {
    process.stdout.write(renderCsv(exposure.map((e) => ({ ...e, advisories: e.advisories.join(" ") }))));
    return;
  }
  process.stdout.write(
    renderTable(exposure, [
      { header: "CVE", value: (e) => e.cve },
      { header: `${upstream} fixed`, value: (e) => e.upstreamFixed?.slice(0, 10) ?? null },
      { header: `${rebuild} fixed`, value: (e) => e.rebuildFixed?.slice(0, 16).replace("T", " ") ?? null },
      { header: "exposure (days)", value: (e) => e.exposureDays, align: "right" },
      {
        header: "advisories",
        value: (e) => e.advisories.slice(0, 3).join(" ") + (e.advisories.length > 3 ? " ..." : ""),
      },
    ]),
  );
  process.stdout.write(
    `\nthe rebuild's fix time comes from its synced packages where the ${upstream} advisory's builds are known and synced, else from its advisories (see basis in --json or --csv)\n`,
  );
}
