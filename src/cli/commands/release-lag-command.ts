import type { GaConvention } from "../../analyze/release-lag.js";
import { UsageError } from "../../errors/usage-error.js";
import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { queryContext } from "../../queries/query-context.js";
import { releaseLagQuery } from "../../queries/release-lag-query.js";
import { type GlobalOptions, openCatalog, printJson, upstreamOf, withStore } from "../cli-context.js";

/** `elscope release-lag`: days from the upstream's GA of each minor release to each rebuild's. */
export async function releaseLagCommand(
  opts: GlobalOptions & {
    upstream?: string;
    rebuild?: string;
    /** The older spelling of `rebuild`. */
    distro?: string;
    rhelGa?: string;
    json?: boolean;
    csv?: boolean;
  },
): Promise<void> {
  const catalog = openCatalog(opts);
  const upstream = upstreamOf(catalog, opts.upstream);
  const convention = (opts.rhelGa ?? "announcement") as GaConvention;
  if (convention !== "announcement" && convention !== "errata") {
    throw new UsageError("arguments", `--rhel-ga is "announcement" or "errata", not "${opts.rhelGa}"`);
  }
  await withStore(opts, async (store) => {
    const answer = await releaseLagQuery(queryContext(store, catalog), {
      upstream,
      rebuilds: commaList(opts.rebuild ?? opts.distro),
      convention,
    });
    if (opts.json === true) return printJson(answer);
    const pairs = (o: Readonly<Record<string, string>>): string =>
      Object.entries(o)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
    const flat = answer.rows.map(({ upstreamByConvention: both, lagDaysByConvention: lags, ...r }) => ({
      ...r,
      lagDaysAnnouncement: lags.announcement,
      lagDaysErrata: lags.errata,
      announcementDate: both.announcement?.date ?? null,
      announcementSource: both.announcement?.source ?? null,
      errataDate: both.errata?.date ?? null,
      errataSource: both.errata?.source ?? null,
      errataAdvisories: both.errata?.advisories ?? null,
      conventionsDifferDays: both.differDays,
      upstreamSources: pairs(r.upstreamSources),
      sources: pairs(r.sources),
    }));
    if (opts.csv === true) return void process.stdout.write(renderCsv(flat));
    if (flat.length === 0) {
      process.stdout.write("no data: run `elscope import <kind> <file>` or `elscope update` for release dates\n");
      return;
    }
    process.stdout.write(
      renderTable(flat, [
        { header: "release", value: (r) => (r.firstRelease ? `${r.release} (first)` : r.release) },
        { header: "distro", value: (r) => r.distro },
        { header: `${upstream} GA`, value: (r) => r.upstreamDate },
        { header: "by", value: (r) => r.upstreamConvention },
        { header: "announced", value: (r) => r.announcementDate },
        { header: "errata batch", value: (r) => r.errataDate },
        { header: "GA", value: (r) => r.date },
        { header: "lag (days)", value: (r) => r.lagDays, align: "right" },
        { header: "from", value: (r) => r.source },
        { header: "sources disagree by (days)", value: (r) => r.disagreementDays, align: "right" },
      ]),
    );
    const medians = answer.summaries
      .map(
        (s) =>
          `${s.distro} median ${s.medianDays ?? "unknown"} days over ${s.minors} minors` +
          (s.excludedFirstReleases.length > 0 ? ` (first release ${s.excludedFirstReleases.join(", ")} left out)` : ""),
      )
      .join("; ");
    process.stdout.write(
      `\n${answer.lag}; ${upstream} GA by the ${convention} convention (--rhel-ga announcement|errata; errata: the day of the minor's batch of upstream advisories within ${answer.errataBatchRule.windowDays} days of the announcement, at least ${answer.errataBatchRule.minAdvisories}, else the announcement); ${medians}\n`,
    );
  });
}
