// Worker side of parseFileInWorker: decompresses and parses one file with a registered
// driver, posting batches to the parent and waiting for it to keep up.
import { parentPort, workerData } from "node:worker_threads";
import { ElscopeError } from "../errors/elscope-error.js";
import { decompressFile } from "./decompress.js";
import { getDriver } from "./registry.js";
import type { ParseContext } from "./source-driver.js";

interface Job {
  readonly kind: string;
  readonly path: string;
  readonly ctx: ParseContext;
  readonly batchSize: number;
  readonly maxInFlight: number;
}

// The job comes as workerData, or, for a worker started ahead of its job (prewarmParser), as
// the first message; every later message acknowledges a batch.
const port = parentPort;
let inFlight = 0;
let wake: (() => void) | null = null;
let job = workerData as Job | null;
port?.on("message", (m: unknown) => {
  if (job === null) {
    job = m as Job;
    start(job);
    return;
  }
  inFlight--;
  wake?.();
  wake = null;
});
if (job !== null) start(job);

async function run(job: Job): Promise<void> {
  const driver = getDriver(job.kind);
  let pending: unknown[] = [];
  const send = async (): Promise<void> => {
    while (inFlight >= job.maxInFlight) await new Promise<void>((r) => (wake = r));
    inFlight++;
    port?.postMessage({ type: "batch", records: pending });
    pending = [];
  };
  for await (const batch of driver.parse(decompressFile(job.path, job.ctx), job.ctx)) {
    for (const r of batch) pending.push(r);
    if (pending.length >= job.batchSize) await send();
  }
  if (pending.length > 0) await send();
  port?.postMessage({ type: "done" });
}

function start(job: Job): void {
  run(job).catch(report);
}

function report(e: unknown): void {
  if (e instanceof ElscopeError) {
    port?.postMessage({ type: "error", kind: e.kind, sourceId: e.sourceId, file: e.file, problem: e.problem });
  } else {
    port?.postMessage({ type: "error", kind: "internal", problem: e instanceof Error ? e.message : String(e) });
  }
}
