import { type DatedRelease, type GaConvention, computeReleaseLag } from "../../analyze/release-lag.js";
import { UsageError } from "../../errors/usage-error.js";
import type { Store } from "../../store/store.js";
import type { Catalog } from "../../catalog/load-catalog.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../render-csv.js";
import { renderTable } from "../render-table.js";
import { checkDistros, list } from "./analysis-input.js";

/** Every release date the store knows: imported ones, and the release package's first file date in synced repositories. */
async function allDates(store: Store, catalog: Catalog): Promise<DatedRelease[]> {
  const out: DatedRelease[] = (await store.releaseDates())
    .filter((d) => d.stage === "ga")
    .map((d) => ({ distro: d.distro, release: d.release, date: d.date, sourceKind: d.sourceKind }));
  for (const d of catalog.distros) {
    const pkg = d.releaseDates?.releasePackage;
    if (pkg === undefined) continue;
    const minors = new Set(d.majors.flatMap((m) => m.minors));
    const first = new Map<string, number>();
    for (const r of await store.firstFileTimes(d.id, pkg)) {
      if (!minors.has(r.version)) continue;
      first.set(r.version, Math.min(first.get(r.version) ?? Infinity, r.fileTime));
    }
    for (const [release, t] of first) {
      out.push({
        distro: d.id,
        release,
        date: new Date(t * 1000).toISOString().slice(0, 10),
        sourceKind: "repository",
      });
    }
    // The upstream's first GA errata of a minor: the earliest advisory shipping its release package at that version.
    if (d.role !== "upstream") continue;
    const errata = new Map<string, string>();
    for (const a of await store.advisories(d.id)) {
      if (a.issued === null) continue;
      for (const p of a.packages) {
        if (p.name !== pkg) continue;
        const vr = p.evr.includes(":") ? p.evr.slice(p.evr.indexOf(":") + 1) : p.evr;
        const version = vr.slice(0, vr.lastIndexOf("-"));
        if (!minors.has(version)) continue;
        const day = a.issued.slice(0, 10);
        if ((errata.get(version) ?? "9999") > day) errata.set(version, day);
      }
    }
    for (const [release, date] of errata) out.push({ distro: d.id, release, date, sourceKind: "rhel-errata" });
  }
  return out;
}

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
  const ids = list(opts.distro);
  checkDistros(catalog, [upstreamId, ...ids]);
  const rebuilds = catalog.distros.filter((d) => (ids.length === 0 ? d.upstream === upstreamId : ids.includes(d.id)));
  const upstream = catalog.distros.find((d) => d.id === upstreamId);
  if (upstream === undefined) throw new UsageError("arguments", `no distribution "${upstreamId}"`);
  await withStore(opts, async (store) => {
    const rows = computeReleaseLag(await allDates(store, catalog), upstream, rebuilds, convention);
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
