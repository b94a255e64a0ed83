import { readFileSync } from "node:fs";
import { checkDistros } from "../../catalog/check-distros.js";
import { NoDataError } from "../../errors/no-data-error.js";
import { UsageError } from "../../errors/usage-error.js";
import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { type ProbeDistroOptions, type ProbeProgress, probeDistro } from "../../probe/probe-distro.js";
import type { ProbeRun } from "../../probe/probe-run.js";
import { MirrorStore } from "../../store/mirror-store.js";
import { type GlobalOptions, openCatalog, printJson, withWritingStore } from "../cli-context.js";
import { ProgressLine } from "../progress-line.js";

export interface ProbeCommandOptions extends GlobalOptions {
  readonly distro?: string;
  readonly release?: string;
  readonly repo?: string;
  readonly arch?: string;
  readonly concurrency?: string;
  readonly perHost?: string;
  readonly interval?: string;
  readonly timeout?: string;
  readonly includePrivate?: boolean;
  readonly cacert?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

function number(v: string | undefined, flag: string, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError("arguments", `${flag} wants a number ≥ ${min}, got "${v}"`);
  return n;
}

/** The probe's flags as numbers and lists (seconds become milliseconds). */
function probeOptions(opts: ProbeCommandOptions): ProbeDistroOptions {
  const ca = opts.cacert === undefined ? undefined : readFileSync(opts.cacert);
  return {
    releases: commaList(opts.release),
    repos: commaList(opts.repo),
    arches: commaList(opts.arch),
    timeoutMs: number(opts.timeout, "--timeout", 10, 0.001) * 1000,
    concurrency: Math.floor(number(opts.concurrency, "--concurrency", 256, 1)),
    perHost: Math.floor(number(opts.perHost, "--per-host", 2, 1)),
    intervalMs: number(opts.interval, "--interval", 1) * 1000,
    includePrivate: opts.includePrivate === true,
    ...(ca === undefined ? {} : { ca }),
  };
}

/** `elscope mirrors probe`: fetches repomd.xml from every listed mirror and compares it with the reference. */
export async function mirrorsProbeCommand(opts: ProbeCommandOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const options = probeOptions(opts);
  const progress = new ProgressLine(process.stderr);
  const draw = (p: ProbeProgress): void =>
    progress.update(`probing ${p.distro} ${p.target}: ${p.done}/${p.total} mirrors`);
  const runs = await withWritingStore(
    opts,
    opts.distro === undefined ? ["*"] : commaList(opts.distro),
    async (store) => {
      const mirrors = new MirrorStore(store.db);
      const distros =
        opts.distro === undefined
          ? [...new Set((await mirrors.currentMirrors()).map((m) => m.distro))]
          : commaList(opts.distro);
      checkDistros(catalog, distros);
      if (distros.length === 0) {
        throw new NoDataError(
          "store",
          "no mirror list in the store: run `elscope import <kind> <list> --distro <id>` or `elscope update` first",
        );
      }
      const out: ProbeRun[] = [];
      for (const d of distros) out.push(...(await probeDistro(catalog, mirrors, d, options, draw)));
      return out;
    },
  );
  progress.clear();
  if (opts.json === true) {
    printJson({ runs });
    return;
  }
  if (opts.csv === true) {
    process.stdout.write(
      renderCsv(
        runs.flatMap((r) =>
          r.results.map((x) => ({
            distro: r.distro,
            target: r.target,
            probedAt: r.startedAt,
            reference: r.reference.source,
            mirror: x.mirror,
            url: x.url,
            status: x.status,
            detail: x.detail,
            httpStatus: x.httpStatus,
            latencyMs: x.latencyMs,
            behindHours: x.behindHours,
            ipv6: x.ipv6,
            flapping: x.flapping,
          })),
        ),
      ),
    );
    return;
  }
  for (const r of runs) {
    const s = r.summary;
    process.stdout.write(
      `${r.target}, probed ${r.startedAt} against ${r.reference.source} (${r.reference.time ?? "time unknown"}):\n` +
        `  ${s.mirrors} mirrors: ${s["in-sync"]} in sync, ${s.ahead} ahead, ${s.behind} behind, ${s.stale} stale, ` +
        `${s.unreachable} unreachable, ${s.broken} broken; ${s.flapping} flapping; ${s.skipped} not probed; ` +
        `median latency ${s.medianLatencyMs ?? "unknown"} ms\n\n`,
    );
    process.stdout.write(
      renderTable(r.results, [
        { header: "mirror", value: (x) => x.mirror },
        { header: "status", value: (x) => x.status + (x.flapping ? " (flapping)" : "") },
        { header: "behind h", value: (x) => x.behindHours, align: "right" },
        { header: "ms", value: (x) => x.latencyMs, align: "right" },
        { header: "IPv6", value: (x) => (x.ipv6 === null ? null : x.ipv6 ? "yes" : "no") },
        { header: "detail", value: (x) => x.detail ?? "" },
      ]) + "\n",
    );
  }
}
