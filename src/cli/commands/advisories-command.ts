import { computeAdvisoryLag, computeExposure, summarizeAdvisoryLag } from "../../analyze/advisory-lag.js";
import { BuildMatcher } from "../../analyze/build-matcher.js";
import { parseEvr } from "../../analyze/evr.js";
import { matchRules } from "../../analyze/match-rules.js";
import { NoDataError } from "../../errors/no-data-error.js";
import { UsageError } from "../../errors/usage-error.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { checkDistros } from "../../catalog/check-distros.js";

interface Options extends GlobalOptions {
  readonly distro?: string;
  readonly upstream?: string;
  readonly summary?: boolean;
  readonly json?: boolean;
  readonly csv?: boolean;
}

async function load(opts: Options) {
  const catalog = openCatalog(opts);
  if (opts.distro === undefined) throw new UsageError("arguments", "--distro is needed, e.g. --distro almalinux");
  const upstream = opts.upstream ?? "rhel";
  checkDistros(catalog, [opts.distro, upstream]);
  const distro = opts.distro;
  return withStore(opts, async (store) => {
    const mine = await store.advisories(distro);
    if (mine.length === 0) {
      throw new NoDataError(
        "store",
        `no advisories of ${distro}: run \`elscope import osv <repository> --distro ${distro}\` or sync its repositories first`,
      );
    }
    const theirs = await store.advisories(upstream);
    // The catalog's markers decide that 1.el9_4.alma.1 fixes what 1.el9_4 fixes.
    const matcher = new BuildMatcher([], matchRules(catalog, distro, upstream));
    return {
      distro,
      upstream,
      rows: computeAdvisoryLag(mine, theirs, (release) => matcher.unmark(release)),
      upstreamKnown: theirs.length,
      upstreamIds: theirs.map((a) => a.id),
      unseen: await store.advisoriesWithUnseenPackages(distro),
    };
  });
}

/** `elscope advisories`: advisory lag per rebuild advisory, with summaries per year, major, severity and type. */
export async function advisoriesCommand(opts: Options): Promise<void> {
  const { distro, upstream, rows, upstreamKnown, upstreamIds, unseen } = await load(opts);
  const summaries = summarizeAdvisoryLag(rows);
  const covered = new Set(rows.map((r) => r.upstreamId));
  const coverage =
    upstreamKnown === 0
      ? { known: false, upstreamAdvisories: null, withoutCounterpart: null }
      : {
          known: true,
          upstreamAdvisories: upstreamKnown,
          withoutCounterpart: upstreamIds.filter((id) => !covered.has(id)),
        };
  if (opts.json === true) {
    printJson({
      distro,
      upstream,
      coverage,
      packagesNeverSeen: unseen,
      rows: opts.summary === true ? [] : rows,
      summaries,
    });
    return;
  }
  if (opts.csv === true) {
    process.stdout.write(
      renderCsv(
        opts.summary === true
          ? summaries.map((s) => ({ ...s }))
          : rows.map((r) => ({ ...r, majors: r.majors.join(" "), cves: r.cves.join(" ") })),
      ),
    );
    return;
  }
  process.stdout.write(
    renderTable(
      summaries.filter((s) => s.groupBy !== "type"),
      [
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
    `\n${distro} advisories against ${upstream}: lag from the upstream date to the first sighting (git history or the observer); ` +
      (coverage.known
        ? `${coverage.withoutCounterpart?.length ?? 0} of ${upstreamKnown} upstream advisories have no counterpart\n`
        : `coverage unknown: no ${upstream} advisories in the store\n`) +
      (unseen.length > 0
        ? `${unseen.length} advisories name package builds no synced ${distro} repository has carried (see --json packagesNeverSeen)\n`
        : ""),
  );
}

/**
 * The rebuild's fix time per CVE from its synced packages: for each build the
 * upstream advisory fixes, the earliest file time of the rebuild's matching
 * build (the catalog's markers removed). Null where a build was never synced.
 */
async function packageFixTimes(opts: Options, distro: string, upstream: string): Promise<Map<string, string>> {
  const catalog = openCatalog(opts);
  const matcher = new BuildMatcher([], matchRules(catalog, distro, upstream));
  return withStore(opts, async (store) => {
    const ups = await store.advisories(upstream);
    const names = [...new Set(ups.flatMap((a) => a.packages.map((p) => p.name)))];
    const builds = await store.buildsNamed(distro, names);
    const byName = new Map<string, typeof builds>();
    for (const b of builds) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
    const out = new Map<string, string>();
    for (const a of ups) {
      let fixed: string | null = null;
      // Debug packages live in debug repositories, which are rarely synced; they do not decide.
      for (const p of a.packages.filter((x) => !/-debug(info|source)$/.test(x.name))) {
        const evr = parseEvr(p.evr);
        const hits = (byName.get(p.name) ?? []).filter(
          (b) =>
            b.epoch === evr.epoch &&
            b.version === evr.version &&
            matcher.unmark(b.release) === matcher.rewrite(evr.release),
        );
        const first = hits
          .map((b) => (b.fileTime !== null ? new Date(b.fileTime * 1000).toISOString() : b.firstSeen))
          .sort()[0];
        // Fixed once every synced build of the advisory is out: the latest of the earliest times.
        if (first !== undefined && (fixed === null || first > fixed)) fixed = first;
      }
      if (fixed === null) continue;
      for (const cve of a.cves) if ((out.get(cve) ?? "9999") > fixed) out.set(cve, fixed);
    }
    return out;
  });
}

/** `elscope exposure`: per CVE, how long the rebuild stayed without the upstream fix. */
export async function exposureCommand(opts: Options): Promise<void> {
  const { distro, upstream, rows } = await load(opts);
  const fromPackages = await packageFixTimes(opts, distro, upstream);
  const exposure = computeExposure(rows, (cve) => fromPackages.get(cve) ?? null);
  if (opts.json === true) {
    printJson({ distro, upstream, rows: exposure });
    return;
  }
  if (opts.csv === true) {
    process.stdout.write(renderCsv(exposure.map((e) => ({ ...e, advisories: e.advisories.join(" ") }))));
    return;
  }
  process.stdout.write(
    renderTable(exposure, [
      { header: "CVE", value: (e) => e.cve },
      { header: `${upstream} fixed`, value: (e) => e.upstreamFixed?.slice(0, 10) ?? null },
      { header: `${distro} fixed`, value: (e) => e.rebuildFixed?.slice(0, 16).replace("T", " ") ?? null },
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
