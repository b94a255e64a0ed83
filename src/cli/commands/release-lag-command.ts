import { type GaConvention, computeReleaseLag } from "../../analyze/release-lag.js";
import { releaseDatesInStore } from "../../store/release-dates-in-store.js";
import { UsageError } from "../../errors/usage-error.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";
import { rebuildsOf } from "../../catalog/rebuilds-of.js";

/** `elscope release-lag`: days from the upstream's GA of each minor release to each rebuild's. */
export async function releaseLagCommand(
  opts: GlobalOptions & { upstream?: string; distro?: string; rhelGa?: string; json?: boolean; csv?: boolean },
): Promise<void> {
  const catalog = openCatalog(opts);
  const upstreamId = opts.upstream ?? "rhel";
  const convention = (opts.rhelGa ?? "announcement") as GaConvention;
  if (convention !== "announcement" && convention !== "errata") {
    throw new UsageError("arguments", `--rhel-ga is "announcement" or "errata", not "${opts.rhelGa}"`);
  }
  const ids = commaList(opts.distro);
  checkDistros(catalog, [upstreamId, ...ids]);
  const wanted = ids.length > 0 ? ids : rebuildsOf(catalog, upstreamId);
  const rebuilds = catalog.distros.filter((d) => wanted.includes(d.id));
  const upstream = catalog.distros.find((d) => d.id === upstreamId);
  if (upstream === undefined) throw new UsageError("arguments", `no distribution "${upstreamId}"`);
  await withStore(opts, async (store) => {
    const rows = computeReleaseLag(await releaseDatesInStore(store, catalog), upstream, rebuilds, convention);
    if (opts.json === true) {
      printJson({ upstream: upstreamId, gaConvention: convention, rows });
      return;
    }
    const flat = rows.map((r) => ({
      ...r,
      sources: Object.entries(r.sources)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    }));
    if (opts.csv === true) {
      process.stdout.write(renderCsv(flat));
      return;
    }
    if (rows.length === 0) {
      process.stdout.write("no data: run `elscope import <kind> <file>` or `elscope update` for release dates\n");
      return;
    }
    process.stdout.write(
      renderTable(flat, [
        { header: "release", value: (r) => r.release },
        { header: "distro", value: (r) => r.distro },
        { header: `${upstreamId} GA`, value: (r) => r.upstreamDate },
        { header: "GA", value: (r) => r.date },
        { header: "lag (days)", value: (r) => r.lagDays, align: "right" },
        { header: "from", value: (r) => r.source },
        { header: "sources disagree by (days)", value: (r) => r.disagreementDays, align: "right" },
      ]),
    );
    process.stdout.write(`\n${upstreamId} GA by the ${convention} convention (--rhel-ga announcement|errata)\n`);
  });
}
