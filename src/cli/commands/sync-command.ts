import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { parseRepoKey } from "../../catalog/repo-key.js";
import { resolveTargets } from "../../catalog/resolve-targets.js";
import type { SyncTarget } from "../../catalog/sync-target.js";
import { UsageError } from "../../errors/usage-error.js";
import { Fetcher, localPath } from "../../fetch/fetcher.js";
import { type SyncOutcome, syncRepository } from "../../sync/sync-repository.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { commaList } from "../../format/comma-list.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { favourSmallHeap } from "../favour-small-heap.js";
import { ProgressLine } from "../progress-line.js";
import { renderTable } from "../../format/render-table.js";

export interface SyncOptions extends GlobalOptions {
  readonly distro?: string;
  readonly release?: string;
  readonly repo?: string;
  readonly arch?: string;
  readonly url?: string;
  readonly as?: string;
  readonly json?: boolean;
  readonly concurrency?: string;
  readonly timeout?: string;
  readonly retries?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly cacert?: string;
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

function adHocTarget(opts: SyncOptions): SyncTarget {
  if (opts.url === undefined || opts.as === undefined) throw new UsageError("arguments", "--url and --as go together");
  if (opts.distro ?? opts.release ?? opts.repo ?? opts.arch) {
    throw new UsageError("arguments", "--url/--as sync one repository; drop --distro, --release, --repo and --arch");
  }
  const local = localPath(opts.url);
  const base = local === null ? opts.url : resolve(local);
  return {
    key: parseRepoKey(opts.as),
    urls: [base.endsWith("/") ? base : `${base}/`],
    mirrorPath: null,
    auth: null,
    gpgKey: null,
  };
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
  favourSmallHeap();
  const fetcher = new Fetcher({
    timeoutMs: positive(opts.timeout, "--timeout", 30) * 1000,
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
  await withStore(opts, async (store) => {
    const queue = [...targets];
    const worker = async (): Promise<void> => {
      for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
        const outcome = await syncRepository(t, {
          store,
          fetcher,
          workDir: tmpdir(),
          tls,
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
  } else {
    process.stdout.write(
      renderTable(outcomes, [
        { header: "repository", value: (o) => o.key },
        { header: "status", value: (o) => o.status },
        { header: "packages", value: (o) => o.packages, align: "right" },
        { header: "added", value: (o) => o.added, align: "right" },
        { header: "removed", value: (o) => o.removed, align: "right" },
        {
          header: "MB",
          value: (o) => Math.round(o.bytes / 1e4) / 100,
          align: "right",
        },
        { header: "seconds", value: (o) => o.seconds, align: "right" },
      ]),
    );
    for (const f of failed) process.stderr.write(`elscope: ${f.error ?? "failed"}\n`);
    for (const o of outcomes) for (const w of o.warnings) process.stderr.write(`elscope: warning: ${w}\n`);
  }
  if (failed.length === 0) return EXIT_CODES.ok;
  // The most specific failure decides the code: bad data over bad network over bad configuration.
  const kinds = new Set(failed.map((f) => f.errorKind));
  if (kinds.has("parse")) return EXIT_CODES.parse;
  if (kinds.has("source")) return EXIT_CODES.source;
  return EXIT_CODES.config;
}
