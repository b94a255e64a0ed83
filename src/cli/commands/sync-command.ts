import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { catalogRepoName, catalogRepoNames } from "../../catalog/catalog-repo-name.js";
import { checkDistros } from "../../catalog/check-distros.js";
import type { Catalog } from "../../catalog/load-catalog.js";
import { type RepoKey, parseRepoKey } from "../../catalog/repo-key.js";
import { resolveRelease } from "../../catalog/resolve-release.js";
import { csafImportCommand } from "../../queries/csaf-import-command.js";
import { resolveTargets } from "../../catalog/resolve-targets.js";
import type { SyncTarget } from "../../catalog/sync-target.js";
import { UsageError } from "../../errors/usage-error.js";
import { parseByteSize } from "../../fetch/byte-size.js";
import { Fetcher, localPath } from "../../fetch/fetcher.js";
import { type SyncOutcome, syncRepository } from "../../sync/sync-repository.js";
import { type GlobalOptions, openCatalog, printJson, withWritingStore } from "../cli-context.js";
import { commaList } from "../../format/comma-list.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { favourSmallHeap } from "../favour-small-heap.js";
import { enqueueJobs } from "../enqueue-jobs.js";
import { ProgressLine } from "../progress-line.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { escapeControl } from "../../errors/escape-control.js";

export interface SyncOptions extends GlobalOptions {
  readonly distro?: string;
  readonly release?: string;
  readonly repo?: string;
  readonly arch?: string;
  readonly url?: string;
  readonly as?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly concurrency?: string;
  readonly timeout?: string;
  readonly deadline?: string;
  readonly maxFileSize?: string;
  readonly maxUnpackedSize?: string;
  readonly retries?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly cacert?: string;
  /** With --url/--as: the key is outside the catalog, and meant to be. */
  readonly newRepo?: boolean;
  /** Enqueue the syncs for workers instead of running them. */
  readonly queue?: boolean;
}

/** A filter flag as a list, or undefined when the flag was not given (no filter). */
function filterList(v: string | undefined): readonly string[] | undefined {
  return v === undefined ? undefined : commaList(v);
}

function positive(v: string | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError("arguments", `${flag} wants a positive number, got "${v}"`);
  return n;
}

/**
 * An ad-hoc key read against the catalog, so it lands where catalog sync puts the same
 * repository: the distribution, release and architecture must be declared, and the repository
 * name is stored as the catalog names it (aliases and any case: `baseos` → `BaseOS`).
 */
function catalogKey(catalog: Catalog, text: string): RepoKey {
  const key = parseRepoKey(text);
  const outside = "; pass --new-repo to store a repository outside the catalog";
  checkDistros(catalog, [key.distro]);
  resolveRelease(catalog, [key.distro], key.release);
  const repo = catalogRepoName(catalog, key.distro, key.release, key.repo);
  if (repo === null) {
    const known = catalogRepoNames(catalog, key.distro, key.release).join(", ");
    throw new UsageError(
      "arguments",
      `no repository "${key.repo}" in ${key.distro} ${key.release}; known: ${known}${outside}`,
    );
  }
  // The architectures catalog sync would fetch for this repository and release.
  const arches = resolveTargets(catalog, { distros: [key.distro], releases: [key.release], repos: [repo] }).map(
    (t) => t.key.arch,
  );
  if (!arches.includes(key.arch))
    throw new UsageError(
      "arguments",
      `no architecture "${key.arch}" for ${key.distro} ${key.release} ${repo}; known: ${arches.join(", ")}${outside}`,
    );
  return { ...key, repo };
}

function adHocTarget(opts: SyncOptions): SyncTarget {
  if (opts.url === undefined || opts.as === undefined) throw new UsageError("arguments", "--url and --as go together");
  if (opts.distro ?? opts.release ?? opts.repo ?? opts.arch) {
    throw new UsageError("arguments", "--url/--as sync one repository; drop --distro, --release, --repo and --arch");
  }
  const local = localPath(opts.url);
  const base = local === null ? opts.url : resolve(local);
  return {
    key: opts.newRepo === true ? parseRepoKey(opts.as) : catalogKey(openCatalog(opts), opts.as),
    urls: [base.endsWith("/") ? base : `${base}/`],
    mirrorPath: null,
    auth: null,
    gpgKey: null,
  };
}

/**
 * For a distribution whose repositories wanted an entitlement it lacked: what it publishes
 * without one, from the catalog (repositories with `auth: none`, and its public advisories).
 */
function entitlementHints(opts: SyncOptions, failed: readonly SyncOutcome[]): readonly string[] {
  const catalog = openCatalog(opts);
  const distros = new Set(
    failed.filter((f) => f.errorKind === "config" && /entitlement/.test(f.error ?? "")).map((f) => f.key.split(":")[0]),
  );
  return [...distros].flatMap((id) => {
    const d = catalog.distros.find((x) => x.id === id);
    if (d === undefined) return [];
    const open = [...new Set(d.majors.flatMap((m) => m.repos.filter((r) => r.auth === "none").map((r) => r.name)))];
    const csaf = csafImportCommand(catalog, d.id);
    const ways = [
      ...(open.length > 0 ? [`sync its public repositories (--repo ${open.join(",")})`] : []),
      ...(csaf === null ? [] : [`import its public advisories as its clock (${csaf})`]),
    ];
    return ways.length === 0
      ? []
      : [`without an entitlement, ${d.id} is measured from public data: ${ways.join(", or ")}`];
  });
}

/** `elscope sync`: fetches repositories from the catalog (or one ad hoc) into the store. Returns the exit code. */
export async function syncCommand(opts: SyncOptions): Promise<number> {
  const targets =
    opts.url !== undefined || opts.as !== undefined
      ? [adHocTarget(opts)]
      : resolveTargets(openCatalog(opts), {
          distros: filterList(opts.distro),
          releases: filterList(opts.release),
          repos: filterList(opts.repo),
          arches: filterList(opts.arch),
        });
  if (targets.length === 0)
    throw new UsageError("arguments", "no repository in the catalog matches these filters; see `elscope catalog`");
  if (opts.queue === true) {
    await enqueueJobs(
      opts,
      targets.map((target) => ({ queue: "sync", target })),
    );
    return EXIT_CODES.ok;
  }
  favourSmallHeap();
  const timeout = positive(opts.timeout, "--timeout", 30);
  const maxUnpackedBytes = parseByteSize(opts.maxUnpackedSize ?? "4GiB", "--max-unpacked-size");
  const fetcher = new Fetcher({
    timeoutMs: timeout * 1000,
    deadlineMs: positive(opts.deadline, "--deadline", 10 * timeout) * 1000,
    maxFileBytes: parseByteSize(opts.maxFileSize ?? "512MiB", "--max-file-size"),
    attempts: Math.floor(
      positive(opts.retries === undefined ? undefined : String(Number(opts.retries) + 1), "--retries", 4),
    ),
  });
  const concurrency = Math.floor(positive(opts.concurrency, "--concurrency", 2));
  const tls = {
    ...(opts.cert ? { cert: opts.cert } : {}),
    ...(opts.key ? { key: opts.key } : {}),
    ...(opts.cacert ? { ca: opts.cacert } : {}),
  };
  const progress = new ProgressLine(process.stderr);
  const outcomes: SyncOutcome[] = [];
  let done = 0;
  await withWritingStore(opts, [...new Set(targets.map((t) => t.key.distro))].sort(), async (store) => {
    const queue = [...targets];
    const worker = async (): Promise<void> => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        const outcome = await syncRepository(t, {
          store,
          fetcher,
          workDir: tmpdir(),
          tls,
          maxUnpackedBytes,
          onProgress: (p) =>
            progress.update(
              `[${done + 1}/${targets.length}] ${p.key}  ${p.phase}  ${(p.bytes / 1e6).toFixed(1)} MB  ${p.packages.toLocaleString("en-US")} packages`,
            ),
        });
        done++;
        outcomes.push(outcome);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  });
  progress.clear();
  outcomes.sort((a, b) => a.key.localeCompare(b.key));
  const failed = outcomes.filter((o) => o.status === "failed");
  if (opts.json === true) {
    printJson({
      repositories: outcomes,
      updated: outcomes.filter((o) => o.status === "updated").length,
      unchanged: outcomes.filter((o) => o.status === "unchanged").length,
      failed: failed.length,
    });
  } else if (opts.csv === true) {
    process.stdout.write(renderCsv(outcomes.map((o) => ({ ...o, warnings: o.warnings.join("; ") }))));
  } else {
    process.stdout.write(
      renderTable(outcomes, [
        { header: "repository", value: (o) => o.key },
        { header: "status", value: (o) => o.status },
        { header: "packages", value: (o) => o.packages, align: "right" },
        { header: "added", value: (o) => o.added, align: "right" },
        { header: "removed", value: (o) => o.removed, align: "right" },
        { header: "changed", value: (o) => o.changed, align: "right" },
        {
          header: "MB",
          value: (o) => Math.round(o.bytes / 1e4) / 100,
          align: "right",
        },
        { header: "seconds", value: (o) => o.seconds, align: "right" },
      ]),
    );
    for (const f of failed) process.stderr.write(`elscope: ${escapeControl(f.error ?? "failed")}\n`);
    for (const hint of entitlementHints(opts, failed)) process.stderr.write(`elscope: hint: ${escapeControl(hint)}\n`);
    for (const o of outcomes)
      for (const w of o.warnings) process.stderr.write(`elscope: warning: ${escapeControl(w)}\n`);
  }
  if (failed.length === 0) return EXIT_CODES.ok;
  // The most specific failure decides the code: bad data over bad network over bad configuration.
  const kinds = new Set(failed.map((f) => f.errorKind));
  if (kinds.has("parse")) return EXIT_CODES.parse;
  if (kinds.has("source")) return EXIT_CODES.source;
  return EXIT_CODES.config;
}
