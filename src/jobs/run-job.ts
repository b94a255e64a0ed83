import { tmpdir } from "node:os";
import type { Catalog } from "../catalog/load-catalog.js";
import { ConfigError } from "../errors/config-error.js";
import type { ElscopeError } from "../errors/elscope-error.js";
import { ParseError } from "../errors/parse-error.js";
import { SourceError } from "../errors/source-error.js";
import type { Fetcher } from "../fetch/fetcher.js";
import { importerFor } from "../ingest/importers.js";
import { runUpdate } from "../ingest/run-update.js";
import { probeDistro } from "../probe/probe-distro.js";
import { MirrorStore } from "../store/mirror-store.js";
import type { Store } from "../store/store.js";
import { syncRepository } from "../sync/sync-repository.js";
import type { JobRequest } from "./job-request.js";

/** What a worker runs jobs against. */
export interface JobContext {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly fetcher: Fetcher;
}

/** A job's outcome, kept by pg-boss as the job's output. */
export type JobOutput = Readonly<Record<string, unknown>>;

/** The failure of a job as the error class of its kind, so its message reads as the CLI's would. */
function failure(kind: ElscopeError["kind"] | null, message: string): ElscopeError {
  if (kind === "parse") return new ParseError("", message);
  if (kind === "config") return new ConfigError("", message);
  return new SourceError("", message);
}

/**
 * Runs one job with the code the CLI runs for it: `elscope sync`'s syncRepository, `elscope
 * mirrors probe`'s probeDistro, `elscope update`'s runUpdate and `elscope import`'s importers.
 * A failed sync, probe or source throws, so pg-boss keeps the error and retries the job; the
 * store writes each result in one transaction, so a retried job never leaves half of one.
 *
 * @example
 * await runJob({ queue: "update", distro: "almalinux" }, { store, catalog, fetcher });
 */
export async function runJob(request: JobRequest, ctx: JobContext): Promise<JobOutput> {
  switch (request.queue) {
    case "sync": {
      const o = await syncRepository(request.target, { store: ctx.store, fetcher: ctx.fetcher, workDir: tmpdir() });
      if (o.status === "failed") throw failure(o.errorKind, o.error ?? `${o.key}: failed`);
      return {
        key: o.key,
        status: o.status,
        packages: o.packages,
        added: o.added,
        removed: o.removed,
        changed: o.changed,
        url: o.url,
      };
    }
    case "probe": {
      const runs = await probeDistro(
        ctx.catalog,
        new MirrorStore(ctx.store.db),
        request.distro,
        {
          releases: [],
          repos: [],
          arches: [],
          timeoutMs: 10_000,
          concurrency: 64,
          perHost: 2,
          intervalMs: 1000,
          includePrivate: false,
        },
        () => undefined,
      );
      return { distro: request.distro, runs: runs.length };
    }
    case "update": {
      const rows = await runUpdate(ctx.store, ctx.catalog, [request.distro]);
      const failed = rows.filter((r) => r.status === "failed");
      if (failed.length > 0) throw failure("source", failed.map((r) => r.error ?? `${r.kind}: failed`).join("; "));
      return { distro: request.distro, sources: rows.length };
    }
    case "import": {
      const r = await importerFor(request.kind).run({ ...request, store: ctx.store, catalog: ctx.catalog });
      return { distro: r.distro, kind: r.kind, warnings: r.warnings.length };
    }
  }
}
