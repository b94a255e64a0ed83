// The worker thread that parses fuzz inputs, one at a time, for the harness (see run-input.ts).
import { parentPort } from "node:worker_threads";
import { getDriver } from "../../src/sources/registry.js";
import { classifyError } from "./classify-error.js";

/** A request: parse `bytes` as `kind`. */
export interface FuzzRequest {
  readonly id: number;
  readonly kind: string;
  readonly bytes: Uint8Array;
}

/** The answer: what the driver did, and how many records it gave. */
export interface FuzzAnswer {
  readonly id: number;
  readonly outcome: "accepted" | "refused" | "crash";
  readonly records: number;
  readonly message: string;
}

/** Chunks of 64 KiB, as createReadStream gives the importers. */
async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 65536) yield await Promise.resolve(bytes.subarray(i, i + 65536));
}

async function parse(req: FuzzRequest): Promise<FuzzAnswer> {
  let records = 0;
  try {
    const driver = getDriver(req.kind);
    for await (const batch of driver.parse(chunks(req.bytes), { sourceId: "fuzz", file: "input" }))
      records += batch.length;
    return { id: req.id, outcome: "accepted", records, message: "" };
  } catch (e) {
    return { id: req.id, records, ...classifyError(e) };
  }
}

parentPort?.on("message", (req: FuzzRequest) => {
  void parse(req).then((answer) => parentPort?.postMessage(answer));
});
