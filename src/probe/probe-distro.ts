import { PROBE_HISTORY_DEPTH } from "../catalog/defaults.js";
import { isFlapping } from "../analyze/is-flapping.js";
import { type ProbeStatus, classifyProbe, readServedRepomd } from "./mirror-health.js";
import { listedHosts, mirrorBase } from "../analyze/mirror-probe-url.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { resolveTargets } from "../catalog/resolve-targets.js";
import { NoDataError } from "../errors/no-data-error.js";
import { HostScheduler } from "../fetch/host-scheduler.js";
import { type ProbeFetch, probeUrl, reachableOverIpv6 } from "../fetch/probe-url.js";
import type { CurrentMirror } from "../model/current-mirror.js";
import type { MirrorStore } from "../store/mirror-store.js";
import type { ProbeResult, ProbeRun } from "./probe-run.js";
import { type ProbeFilters, probeTargets } from "./probe-targets.js";
import { referenceFor } from "./reference-for.js";
import { repomdOf } from "./repomd-of.js";

/** How to probe: which repositories, how patiently and how many requests at once. */
export interface ProbeDistroOptions extends ProbeFilters {
  /** Time without an answer before a mirror is unreachable. */
  readonly timeoutMs: number;
  /** Requests at once, in all. */
  readonly concurrency: number;
  /** Requests at once to one host. */
  readonly perHost: number;
  /** Time between two requests to one host. */
  readonly intervalMs: number;
  /** Probe mirrors the list marks private too. */
  readonly includePrivate: boolean;
  /** Extra CA certificates (PEM) to trust. */
  readonly ca?: Buffer;
}

/** How far a probe run is: `done` of `total` mirrors answered (or gave up) for `target`. */
export interface ProbeProgress {
  readonly distro: string;
  readonly target: string;
  readonly done: number;
  readonly total: number;
}

const STATUS_ORDER: readonly ProbeStatus[] = ["broken", "unreachable", "stale", "behind", "ahead", "in-sync"];
const iso = (t: number | null): string | null => (t === null ? null : new Date(t * 1000).toISOString());

/** Mirrors to probe: one per name (the first list wins), public ones unless asked otherwise. */
function probeable(current: readonly CurrentMirror[], includePrivate: boolean): CurrentMirror[] {
  const seen = new Set<string>();
  return current.filter((m) => {
    if (seen.has(m.name) || (m.private && !includePrivate)) return false;
    seen.add(m.name);
    return true;
  });
}

/**
 * Probes every listed mirror of `distro` for each target repository: fetches its repomd.xml,
 * compares it with the reference and keeps the run in the store, so flapping is told from the
 * runs before. `onProgress` hears of every mirror done.
 *
 * @example
 * const runs = await probeDistro(catalog, new MirrorStore(store.db), "almalinux", options, (p) => draw(p));
 */
export async function probeDistro(
  catalog: Catalog,
  mirrors: MirrorStore,
  distro: string,
  options: ProbeDistroOptions,
  onProgress: (progress: ProbeProgress) => void,
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
  const { timeoutMs, ca } = options;
  const scheduler = new HostScheduler({
    concurrency: options.concurrency,
    perHost: options.perHost,
    intervalMs: options.intervalMs,
  });
  const userAgent = "elscope/0.1 (+https://github.com/elscope/elscope; mirror health probe)";
  const probe = (url: string, allowedHosts: ReadonlySet<string>): Promise<ProbeFetch> =>
    probeUrl(url, { timeoutMs, allowedHosts, userAgent, ...(ca === undefined ? {} : { ca }) });
  const allowed = listedHosts(current);
  const paths = resolveTargets(catalog, { distros: [distro] }).flatMap((t) =>
    t.mirrorPath === null ? [] : [t.mirrorPath],
  );
  const runs: ProbeRun[] = [];
  for (const target of probeTargets(catalog, distro, options)) {
    const key = `${target.key.distro}:${target.key.release}/${target.key.repo}/${target.key.arch}`;
    const startedAt = new Date().toISOString();
    const candidates = probeable(current, options.includePrivate);
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
        onProgress({ distro, target: key, done, total: jobs.length });
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
    const history = (await mirrors.probeHistory(distro, PROBE_HISTORY_DEPTH)).filter(
      (h) => h.target === key && h.runId <= runId,
    );
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
