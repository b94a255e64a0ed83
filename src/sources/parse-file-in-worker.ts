import { Worker } from "node:worker_threads";
import { ConfigError } from "../errors/config-error.js";
import { ParseError } from "../errors/parse-error.js";
import { SourceError } from "../errors/source-error.js";
import { UsageError } from "../errors/usage-error.js";
import type { ParseContext } from "./source-driver.js";

type Message =
  | { type: "batch"; records: unknown[] }
  | { type: "done" }
  | { type: "error"; kind: string; sourceId?: string; file?: string; problem: string };

const ERRORS = { parse: ParseError, source: SourceError, config: ConfigError, usage: UsageError } as const;

function newWorker(workerData: unknown): Worker {
  return new Worker(new URL("./parse-worker.js", import.meta.url), {
    workerData,
    // The worker only parses: a small young generation keeps its memory flat.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
}

/** A worker started ahead of its job, loading its modules while the file is still being fetched. */
let spare: { readonly worker: Worker; readonly drop: () => void } | null = null;

/**
 * Starts a parser worker now, for the next {@link parseFileInWorker} to take, so that loading
 * its modules (about 0.1 s) overlaps with the download and checksum of the file instead of
 * coming after them. It does not keep the process alive; one is kept at most.
 *
 * @example
 * prewarmParser(); // then download, then parseFileInWorker(...)
 */
export function prewarmParser(): void {
  if (spare !== null) return;
  const w = newWorker(null);
  w.unref();
  // An idle spare that fails is dropped; the next parse starts its own worker.
  const drop = (): void => {
    if (spare?.worker === w) spare = null;
  };
  w.once("error", drop);
  w.once("exit", drop);
  spare = { worker: w, drop };
}

function takeWorker(job: unknown): Worker {
  const taken = spare;
  spare = null;
  if (taken === null) return newWorker(job);
  const w = taken.worker;
  w.off("error", taken.drop);
  w.off("exit", taken.drop);
  w.ref();
  w.postMessage(job);
  return w;
}

/**
 * Decompresses and parses a file with the driver registered for `kind` on a
 * worker thread, so that parsing (one core) overlaps with storing (the
 * other). Yields the same batches the driver would; errors arrive as the
 * same classes. The worker waits whenever the consumer falls behind, so
 * memory stays bounded.
 *
 * @example
 * for await (const batch of parseFileInWorker<PackageRecord>("rpm-md-primary", path, ctx)) store(batch);
 */
export async function* parseFileInWorker<R>(
  kind: string,
  path: string,
  ctx: ParseContext,
  options: { batchSize?: number; maxInFlight?: number } = {},
): AsyncGenerator<readonly R[], void, undefined> {
  // 256 records a batch: with 1,024 the sync peaked 6-7 MB higher at the same speed (README, Benchmarks).
  const worker = takeWorker({
    kind,
    path,
    ctx,
    batchSize: options.batchSize ?? 256,
    maxInFlight: options.maxInFlight ?? 2,
  });
  const queue: Message[] = [];
  let notify: (() => void) | null = null;
  const state: { crashed?: Error } = {};
  const push = (m: Message): void => {
    queue.push(m);
    notify?.();
    notify = null;
  };
  worker.on("message", push);
  worker.on("error", (e) => {
    state.crashed = e;
    notify?.();
    notify = null;
  });
  worker.on("exit", (code) => {
    if (code !== 0) state.crashed ??= new Error(`parser worker exited with code ${code}`);
    notify?.();
    notify = null;
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (state.crashed !== undefined) throw state.crashed;
        await new Promise<void>((r) => (notify = r));
        continue;
      }
      if (m.type === "done") return;
      if (m.type === "error") {
        const Err = ERRORS[m.kind as keyof typeof ERRORS];
        if (Err === undefined) throw new Error(m.problem);
        throw new Err(m.sourceId ?? ctx.sourceId, m.problem, m.file === undefined ? {} : { file: m.file });
      }
      worker.postMessage("ack");
      yield m.records as R[];
    }
  } finally {
    await worker.terminate();
  }
}
