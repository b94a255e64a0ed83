import { Worker } from "node:worker_threads";
import type { Outcome } from "./classify-error.js";
import type { FuzzAnswer, FuzzRequest } from "./fuzz-worker.js";

/** What one input did, as the harness counts it. */
export interface InputResult {
  readonly outcome: Outcome;
  readonly records: number;
  readonly message: string;
}

/** Limits for the parsing worker: its heap, so a blow-up is a "memory" outcome, not a dead harness. */
export interface WorkerLimits {
  readonly deadlineMs: number;
  readonly heapMb: number;
}

/**
 * Runs fuzz inputs on a worker thread with a per-input deadline and a heap limit. One worker
 * serves many inputs (starting one per input would cost more than most parses); a hang, a heap
 * exhaustion or an uncaught error ends it, and the next input gets a fresh one.
 *
 * @example
 * const host = new FuzzWorkerHost({ deadlineMs: 10_000, heapMb: 512 });
 * (await host.run("osv", bytes)).outcome; // "accepted" | "refused" | "crash" | "hang" | "memory"
 * await host.close();
 */
export class FuzzWorkerHost {
  private worker: Worker | undefined;
  private next = 0;

  constructor(private readonly limits: WorkerLimits) {}

  private start(): Worker {
    // A 1 MB stack is about the main thread's, where the importers call the drivers.
    return new Worker(new URL("./fuzz-worker.js", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 1 },
    });
  }

  run(kind: string, bytes: Uint8Array): Promise<InputResult> {
    const worker = (this.worker ??= this.start());
    const id = ++this.next;
    return new Promise<InputResult>((resolve) => {
      const done = (r: InputResult, kill: boolean): void => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (kill) {
          this.worker = undefined;
          void worker.terminate();
        }
        resolve(r);
      };
      const onMessage = (a: FuzzAnswer): void => {
        if (a.id === id) done({ outcome: a.outcome, records: a.records, message: a.message }, false);
      };
      const onError = (e: Error): void => {
        const oom = (e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
        done({ outcome: oom ? "memory" : "crash", records: 0, message: `${e.name}: ${e.message}` }, true);
      };
      const onExit = (code: number): void =>
        done({ outcome: "crash", records: 0, message: `parser worker exited with code ${code}` }, true);
      const timer = setTimeout(
        () => done({ outcome: "hang", records: 0, message: `no answer within ${this.limits.deadlineMs} ms` }, true),
        this.limits.deadlineMs,
      );
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      const copy = Uint8Array.from(bytes);
      worker.postMessage({ id, kind, bytes: copy } satisfies FuzzRequest, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
