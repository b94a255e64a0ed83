import { readFileSync } from "node:fs";
import type { Catalog } from "../../catalog/load-catalog.js";
import { resolveTargets } from "../../catalog/resolve-targets.js";
import type { SyncTarget } from "../../catalog/sync-target.js";
import {
  type ProbeReference,
  type ProbeStatus,
  classifyProbe,
  isFlapping,
  readServedRepomd,
} from "../../analyze/mirror-health.js";
import { listedHosts, mirrorBase } from "../../analyze/mirror-probe-url.js";
import { NoDataError } from "../../errors/no-data-error.js";
import { UsageError } from "../../errors/usage-error.js";
import { HostScheduler } from "../../fetch/host-scheduler.js";
import { type ProbeFetch, probeUrl, reachableOverIpv6 } from "../../fetch/probe-url.js";
import type { CurrentMirror } from "../../model/current-mirror.js";
import { MirrorStore } from "../../store/mirror-store.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { ProgressLine } from "../progress-line.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";

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

/** One mirror's result in a probe run. */
export interface ProbeResult {
  readonly mirror: string;
  readonly url: string;
  readonly status: ProbeStatus;
  readonly detail: string | null;
  readonly httpStatus: number | null;
  readonly latencyMs: number | null;
  readonly behindHours: number | null;
  readonly repomdTime: string | null;
  readonly ipv6: boolean | null;
  readonly flapping: boolean;
}

/** One probe run: a distribution's mirrors against one repository. */
export interface ProbeRun {
  readonly distro: string;
  readonly target: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly reference: {
    readonly source: string;
    readonly url: string | null;
    readonly sha256: string | null;
    readonly time: string | null;
  };
  readonly summary: Readonly<Record<ProbeStatus | "mirrors" | "skipped" | "flapping", number>> & {
    readonly medianLatencyMs: number | null;
  };
  readonly skipped: readonly { readonly mirror: string; readonly why: string }[];
  readonly results: readonly ProbeResult[];
}

const STATUS_ORDER: readonly ProbeStatus[] = ["broken", "unreachable", "stale", "behind", "ahead", "in-sync"];
const iso = (t: number | null): string | null => (t === null ? null : new Date(t * 1000).toISOString());

function number(v: string | undefined, flag: string, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError("arguments", `${flag} wants a number ≥ ${min}, got "${v}"`);
  return n;
}

/** Without filters a probe checks one repository: the newest release's first repository on its first architecture. */
function probeTargets(catalog: Catalog, distro: string, opts: ProbeCommandOptions): readonly SyncTarget[] {
  const all = resolveTargets(catalog, { distros: [distro] }).filter((t) => t.key.arch !== "src");
  const releases = commaList(opts.release);
  const repos = commaList(opts.repo).map((r) => r.toLowerCase());
  const arches = commaList(opts.arch);
  const newest = all.at(-1)?.key.release;
  const major = newest?.split(".")[0];
  const byRelease =
    releases.length > 0
      ? all.filter((t) => releases.includes(t.key.release))
      : all.filter((t) => t.key.release === (all.find((x) => x.key.release === major)?.key.release ?? newest));
  const byRepo =
    repos.length > 0
      ? byRelease.filter((t) => repos.includes(t.key.repo.toLowerCase()))
      : byRelease.filter((t) => t.key.repo === byRelease[0]?.key.repo);
  const byArch =
    arches.length > 0
      ? byRepo.filter((t) => arches.includes(t.key.arch))
      : byRepo.filter((t) => t.key.arch === byRepo[0]?.key.arch);
  if (byArch.length === 0) {
    throw new UsageError(
      "arguments",
      `no repository of ${distro} matches --release/--repo/--arch; see \`elscope catalog\``,
    );
  }
  return byArch;
}

const repomdOf = (base: string): string => `${base}repodata/repomd.xml`;

/** The reference: the distribution's primary mirror, else the newest metalink, else (decided later) the newest seen. */
async function referenceFor(
  target: SyncTarget,
  mirrors: MirrorStore,
  probe: (url: string, hosts: ReadonlySet<string>) => Promise<ProbeFetch>,
  sameRepository: boolean,
): Promise<ProbeReference | null> {
  for (const base of target.urls) {
    const fetched = await probe(repomdOf(base), new Set([new URL(base).hostname.toLowerCase()]));
    if (fetched.kind !== "ok") continue;
    const served = readServedRepomd(fetched.body);
    if (typeof served !== "string") {
      return {
        source: `primary ${base}`,
        url: repomdOf(base),
        sha256: served.sha256,
        time: served.time,
        alternates: [],
      };
    }
  }
  const metalink = sameRepository ? await mirrors.newestReference(target.key.distro) : null;
  if (metalink !== null && metalink.hashes["sha256"] !== undefined) {
    return {
      source: `metalink ${metalink.source}`,
      url: null,
      sha256: metalink.hashes["sha256"] ?? null,
      time: metalink.timestamp,
      alternates: metalink.alternates.flatMap((a) =>
        a.hashes["sha256"] === undefined ? [] : [{ sha256: a.hashes["sha256"], time: a.timestamp }],
      ),
    };
  }
  return null;
}

/** Mirrors to probe: one per name (the first list wins), public ones unless asked otherwise. */
function probeable(current: readonly CurrentMirror[], includePrivate: boolean): CurrentMirror[] {
  const seen = new Set<string>();
  return current.filter((m) => {
    if (seen.has(m.name) || (m.private && !includePrivate)) return false;
    seen.add(m.name);
    return true;
  });
}

async function probeDistro(
  catalog: Catalog,
  mirrors: MirrorStore,
  distro: string,
  opts: ProbeCommandOptions,
  progress: ProgressLine,
): Promise<ProbeRun[]> {
  const current = await mirrors.currentMirrors([distro]);
  if (current.length === 0) {
    throw new NoDataError(
      "store",
      `no mirror list for ${distro}: run \`elscope import <kind> <list> --distro ${distro}\` or \`elscope update\` first`,
    );
  }
  const d = catalog.distros.find((x) => x.id === distro);
  const staleAfter = d?.mirrorNetwork?.staleAfterHours ?? 24;
  const timeoutMs = number(opts.timeout, "--timeout", 10, 0.001) * 1000;
  const ca = opts.cacert === undefined ? undefined : readFileSync(opts.cacert);
  const scheduler = new HostScheduler({
    concurrency: Math.floor(number(opts.concurrency, "--concurrency", 256, 1)),
    perHost: Math.floor(number(opts.perHost, "--per-host", 2, 1)),
    intervalMs: number(opts.interval, "--interval", 1) * 1000,
  });
  const userAgent = "elscope/0.1 (+https://github.com/elscope/elscope; mirror health probe)";
  const probe = (url: string, allowedHosts: ReadonlySet<string>): Promise<ProbeFetch> =>
    probeUrl(url, { timeoutMs, allowedHosts, userAgent, ...(ca === undefined ? {} : { ca }) });
  const allowed = listedHosts(current);
  const paths = resolveTargets(catalog, { distros: [distro] }).flatMap((t) =>
    t.mirrorPath === null ? [] : [t.mirrorPath],
  );
  const runs: ProbeRun[] = [];
  for (const target of probeTargets(catalog, distro, opts)) {
    const key = `${target.key.distro}:${target.key.release}/${target.key.repo}/${target.key.arch}`;
    const startedAt = new Date().toISOString();
    const candidates = probeable(current, opts.includePrivate === true);
    const skipped: { mirror: string; why: string }[] = [];
    const jobs: { mirror: CurrentMirror; url: string }[] = [];
    for (const m of candidates) {
      const base = mirrorBase(m, paths);
      if (base === null || target.mirrorPath === null) {
        skipped.push({
          mirror: m.name,
          why:
            m.urls.http === null && m.urls.https === null
              ? "no http or https address"
              : "its list names a repository URL elscope cannot map to this one",
        });
      } else jobs.push({ mirror: m, url: repomdOf(base + target.mirrorPath) });
    }
    // A metalink describes the repository its URLs point at; use its hashes only for that one.
    const sameRepository = current.some(
      (m) =>
        m.sourceKind === "metalink" &&
        target.mirrorPath !== null &&
        (m.urls.https ?? m.urls.http ?? "").endsWith(`/${target.mirrorPath}`),
    );
    const reference = await referenceFor(target, mirrors, probe, sameRepository);
    let done = 0;
    const fetched = await Promise.all(
      jobs.map(async (j) => {
        const u = new URL(j.url);
        const host = u.hostname.toLowerCase();
        const out = await scheduler.run(host, async () => ({
          fetched: await probe(j.url, allowed),
          ipv6: await reachableOverIpv6(
            host,
            Number(u.port || (u.protocol === "https:" ? 443 : 80)),
            Math.min(timeoutMs, 5000),
          ),
        }));
        done++;
        progress.update(`probing ${distro} ${key}: ${done}/${jobs.length} mirrors`);
        return { ...j, ...out };
      }),
    );
    // With no primary and no metalink, the newest repomd.xml any mirror serves is the reference.
    let ref = reference;
    if (ref === null) {
      const newest = fetched
        .flatMap((f) => (f.fetched.kind === "ok" ? [readServedRepomd(f.fetched.body)] : []))
        .flatMap((s) => (typeof s === "string" || s.time === null ? [] : [s]))
        .sort((a, b) => (b.time ?? 0) - (a.time ?? 0) || (a.sha256 < b.sha256 ? -1 : 1))[0];
      ref = {
        source: "newest seen",
        url: null,
        sha256: newest?.sha256 ?? null,
        time: newest?.time ?? null,
        alternates: [],
      };
    }
    const finishedAt = new Date().toISOString();
    const verdicts = fetched.map((f) => ({ ...f, verdict: classifyProbe(f.fetched, ref, staleAfter) }));
    const runId = await mirrors.saveProbeRun(
      {
        distro,
        target: key,
        started_at: startedAt,
        finished_at: finishedAt,
        reference_url: ref.url,
        reference_checksum: ref.sha256,
        reference_time: ref.time,
        reference_source: ref.source,
      },
      verdicts.map((v) => ({
        mirror: v.mirror.name,
        url: v.url,
        status: v.verdict.status,
        detail: v.verdict.detail,
        http_status: "httpStatus" in v.fetched ? v.fetched.httpStatus : null,
        latency_ms: v.fetched.latencyMs,
        checksum: v.verdict.served?.sha256 ?? null,
        repomd_time: v.verdict.served?.time ?? null,
        behind_hours: v.verdict.behindHours,
        ipv6: v.ipv6 ? 1 : 0,
      })),
    );
    const history = (await mirrors.probeHistory(distro, 5)).filter((h) => h.target === key && h.runId <= runId);
    const statusesOf = new Map<string, string[]>();
    for (const h of history) statusesOf.set(h.mirror, [...(statusesOf.get(h.mirror) ?? []), h.status]);
    const results: ProbeResult[] = verdicts
      .map((v) => ({
        mirror: v.mirror.name,
        url: v.url,
        status: v.verdict.status,
        detail: v.verdict.detail,
        httpStatus: "httpStatus" in v.fetched ? v.fetched.httpStatus : null,
        latencyMs: v.fetched.latencyMs,
        behindHours: v.verdict.behindHours,
        repomdTime: iso(v.verdict.served?.time ?? null),
        ipv6: v.ipv6,
        flapping: isFlapping(statusesOf.get(v.mirror.name) ?? []),
      }))
      .sort(
        (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || (a.mirror < b.mirror ? -1 : 1),
      );
    const latencies = results
      .filter((r) => r.status !== "unreachable")
      .map((r) => r.latencyMs ?? 0)
      .sort((a, b) => a - b);
    const count = (s: ProbeStatus): number => results.filter((r) => r.status === s).length;
    runs.push({
      distro,
      target: key,
      startedAt,
      finishedAt,
      reference: { source: ref.source, url: ref.url, sha256: ref.sha256, time: iso(ref.time) },
      summary: {
        mirrors: results.length,
        "in-sync": count("in-sync"),
        ahead: count("ahead"),
        behind: count("behind"),
        stale: count("stale"),
        unreachable: count("unreachable"),
        broken: count("broken"),
        skipped: skipped.length,
        flapping: results.filter((r) => r.flapping).length,
        medianLatencyMs: latencies.length === 0 ? null : (latencies[Math.floor(latencies.length / 2)] ?? null),
      },
      skipped: skipped.sort((a, b) => (a.mirror < b.mirror ? -1 : 1)),
      results,
    });
  }
  return runs;
}

/** `elscope mirrors probe`: fetches repomd.xml from every listed mirror and compares it with the reference. */
export async function mirrorsProbeCommand(opts: ProbeCommandOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const progress = new ProgressLine(process.stderr);
  const runs = await withStore(opts, async (store) => {
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
    for (const d of distros) out.push(...(await probeDistro(catalog, mirrors, d, opts, progress)));
    return out;
  });
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
