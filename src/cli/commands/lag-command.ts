import { matchRules } from "../../analyze/match-rules.js";
import type { TimeSource } from "../../analyze/time-of.js";
import { computeUpdateLag, summarizeLag } from "../../analyze/update-lag.js";
import { UsageError } from "../../errors/usage-error.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { buildsOf, releasesInStore } from "../../store/builds-in-store.js";
import { asOf } from "../../queries/as-of.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";

export interface LagOptions extends GlobalOptions {
  readonly upstream?: string;
  readonly rebuild?: string;
  readonly release?: string;
  readonly package?: string;
  readonly time?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly summary?: boolean;
}

/** `elscope lag`: days from each upstream build to each rebuild's matching build. */
export async function lagCommand(opts: LagOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const upstream = opts.upstream ?? "rhel";
  const rebuilds = commaList(opts.rebuild);
  if (rebuilds.length === 0)
    throw new UsageError("arguments", "--rebuild wants at least one distribution, e.g. --rebuild almalinux,rocky");
  checkDistros(catalog, [upstream, ...rebuilds]);
  const time = (opts.time ?? "file") as TimeSource;
  if (time !== "file" && time !== "seen")
    throw new UsageError("arguments", `--time is "file" or "seen", not "${opts.time}"`);
  const release = opts.release;
  const major = release?.split(".")[0];
  await withStore(opts, async (store) => {
    const upReleases = await releasesInStore(store, upstream, major);
    let upstreamBuilds = await buildsOf(store, upstream, upReleases, opts.package);
    if (release !== undefined) upstreamBuilds = upstreamBuilds.filter((b) => b.releases.includes(release));
    if (opts.package !== undefined) upstreamBuilds = upstreamBuilds.filter((b) => b.name === opts.package);
    // A rebuild's counterpart may land in a later minor's tree: all its releases of the major count.
    const inputs = [];
    for (const id of rebuilds) {
      inputs.push({
        id,
        builds: await buildsOf(store, id, await releasesInStore(store, id, major), opts.package),
        rules: matchRules(catalog, id, upstream),
      });
    }
    const rows = computeUpdateLag(upstreamBuilds, inputs, time);
    const summaries = summarizeLag(rows, rebuilds);
    const meta = {
      upstream,
      rebuilds,
      release: release ?? null,
      package: opts.package ?? null,
      timeSource: time,
      asOf: await asOf(store, [upstream, ...rebuilds]),
    };
    if (opts.json === true) {
      printJson({ ...meta, rows, summaries });
      return;
    }
    if (opts.csv === true) {
      const flat = rows.map((r) => {
        const o: Record<string, string | number | null> = {
          package: r.package,
          upstreamBuild: r.upstreamBuild,
          upstreamRelease: r.upstreamRelease,
          upstreamRepo: r.upstreamRepo,
          upstreamTime: r.upstreamTime,
        };
        for (const id of rebuilds) {
          const x = r.rebuilds[id];
          o[`${id}Status`] = x?.status ?? null;
          o[`${id}Build`] = x?.build ?? null;
          o[`${id}Time`] = x?.time ?? null;
          o[`${id}LagDays`] = x?.lagDays ?? null;
          o[`${id}TimeSource`] = x?.timeSource ?? null;
        }
        return o;
      });
      process.stdout.write(
        renderCsv(
          opts.summary === true
            ? summaries.map((s) => ({ ...s, slowest: s.slowest.map((x) => `${x.build} (${x.lagDays})`).join("; ") }))
            : flat,
        ),
      );
      return;
    }
    if (opts.summary !== true) {
      process.stdout.write(
        renderTable(rows, [
          { header: "package", value: (r) => r.package },
          { header: `${upstream} build`, value: (r) => r.upstreamEvr },
          { header: "release", value: (r) => r.upstreamRelease },
          { header: `${upstream} date`, value: (r) => r.upstreamTime.slice(0, 16).replace("T", " ") },
          ...rebuilds.map((id) => ({
            header: `${id} lag (days)`,
            align: "right" as const,
            value: (r: (typeof rows)[number]) => {
              const x = r.rebuilds[id];
              if (x === undefined || x.status === "missing") return "missing";
              return `${x.lagDays ?? "unknown"}${x.status === "modified" ? " (modified)" : ""}`;
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
          { header: "missing", value: (s) => s.missing, align: "right" },
          { header: "median d", value: (s) => s.medianDays, align: "right" },
          { header: "p90 d", value: (s) => s.p90Days, align: "right" },
          { header: "max d", value: (s) => s.maxDays, align: "right" },
          {
            header: "≤1 d",
            value: (s) => (s.within1Day === null ? null : `${Math.round(s.within1Day * 100)}%`),
            align: "right",
          },
          {
            header: "≤7 d",
            value: (s) => (s.within7Days === null ? null : `${Math.round(s.within7Days * 100)}%`),
            align: "right",
          },
        ],
      ),
    );
    process.stdout.write(
      `\nupstream ${upstream}; times from ${time === "file" ? "the metadata's file times" : "when elscope first saw each build"}; data as of ${Object.entries(
        meta.asOf,
      )
        .map(([d, t]) => `${d} ${t ?? "unknown"}`)
        .join(", ")}\n`,
    );
  });
}
