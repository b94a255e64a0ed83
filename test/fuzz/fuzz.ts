import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listDrivers } from "../../src/sources/registry.js";
import type { Outcome } from "./classify-error.js";
import { FuzzWorkerHost, type InputResult } from "./fuzz-worker-host.js";
import { type FuzzInput, generateInput } from "./generate-input.js";
import { mulberry32, seedFor } from "./mulberry32.js";
import { seedCorpus } from "./seed-corpus.js";
import { SYNC_KIND, SyncTarget } from "./sync-target.js";

/** How a fuzz run is set up; every field has a default (see DEFAULTS). */
export interface FuzzOptions {
  /** Inputs per in-process parser. */
  readonly inputs: number;
  /** Inputs for the sync target, which runs the CLI twice per input and so is far slower. */
  readonly syncInputs: number;
  readonly seed: number;
  /** Kinds to fuzz; empty for every registered kind plus the sync target. */
  readonly kinds: readonly string[];
  readonly out: string;
  readonly deadlineMs: number;
  readonly heapMb: number;
  /** Called after each kind, for progress. */
  readonly onKind?: (stats: KindStats) => void;
}

export const DEFAULTS: Omit<FuzzOptions, "onKind"> = {
  inputs: 1000,
  syncInputs: 20,
  seed: 1,
  kinds: [],
  out: "bench/out/fuzz",
  deadlineMs: 10_000,
  heapMb: 512,
};

/** One row of the summary table. */
export interface KindStats {
  readonly kind: string;
  inputs: number;
  accepted: number;
  refused: number;
  crashes: number;
  hangs: number;
  memory: number;
  partialWrites: number;
  peakRssMb: number;
  seconds: number;
}

/**
 * A row with every count at zero.
 *
 * @example
 * emptyStats("osv").inputs // 0
 */
export function emptyStats(kind: string): KindStats {
  const zero = { inputs: 0, accepted: 0, refused: 0, crashes: 0, hangs: 0, memory: 0, partialWrites: 0 };
  return { kind, ...zero, peakRssMb: 0, seconds: 0 };
}

/** One input that crashed, hung, blew the heap or wrote part of a failed sync. */
export interface Failure {
  readonly kind: string;
  readonly mutator: string;
  readonly outcome: Outcome | "partial-write";
  readonly message: string;
  /** The saved .json (metadata) beside its .bin (the input), or "" past the per-signature cap. */
  readonly saved: string;
}

export interface FuzzReport {
  readonly stats: readonly KindStats[];
  readonly failures: readonly Failure[];
}

/** Saved inputs per signature: enough to replay, not a disk full. */
const SAVE_PER_SIGNATURE = 3;

/**
 * What makes two failures the same bug: kind, outcome and the message's start with numbers blanked
 * (a message goes on to quote the input, which differs every time).
 *
 * @example
 * failureSignature({ kind: "osv", outcome: "crash", message: "TypeError: x at 12" }) // "osv crash TypeError: x at N"
 */
export function failureSignature(f: Pick<Failure, "kind" | "outcome" | "message">): string {
  return `${f.kind} ${f.outcome} ${f.message.replace(/\d+/g, "N").slice(0, 60)}`;
}

function save(out: string, kind: string, input: FuzzInput, result: InputResult, outcome: Failure["outcome"]): string {
  const dir = join(out, kind);
  mkdirSync(dir, { recursive: true });
  const name = `${outcome}-${createHash("sha256").update(input.bytes).digest("hex").slice(0, 12)}`;
  writeFileSync(join(dir, `${name}.bin`), input.bytes);
  const meta = { kind, mutator: input.mutator, seedFile: input.seedFile, outcome, message: result.message };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(meta, null, 2) + "\n");
  return join(dir, `${name}.json`);
}

/** The targets to run: every registered kind with fixtures, then the sync target. */
function targets(kinds: readonly string[]): string[] {
  const all = [...listDrivers().map((d) => d.kind), SYNC_KIND];
  if (kinds.length === 0) return all;
  const unknown = kinds.filter((k) => !all.includes(k));
  if (unknown.length > 0) throw new Error(`unknown kinds: ${unknown.join(", ")}; known: ${all.join(", ")}`);
  return all.filter((k) => kinds.includes(k));
}

/**
 * Runs a fuzz campaign: mutated copies of each kind's fixtures through its driver on a worker
 * thread, and mutated primaries through a real `elscope sync`. Deterministic for a seed.
 *
 * @example
 * const report = await fuzz({ ...DEFAULTS, inputs: 100, kinds: ["osv"] });
 * report.failures.length; // 0 when osv's driver survives every input
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const stats: KindStats[] = [];
  const failures: Failure[] = [];
  const savedBySignature = new Map<string, number>();
  const host = new FuzzWorkerHost(options);
  try {
    for (const kind of targets(options.kinds)) {
      const started = Date.now();
      const s = emptyStats(kind);
      const sample = (): void => void (s.peakRssMb = Math.max(s.peakRssMb, process.memoryUsage().rss / 2 ** 20));
      const sampler = setInterval(sample, 50);
      const sync = kind === SYNC_KIND ? await SyncTarget.start(options.deadlineMs * 3) : undefined;
      try {
        const corpus = seedCorpus(kind === SYNC_KIND ? "rpm-md-primary" : kind);
        const r = mulberry32(seedFor(options.seed, kind));
        const n = sync === undefined ? options.inputs : options.syncInputs;
        for (let i = 0; i < n; i++) {
          const input = generateInput(corpus, r);
          const result = sync === undefined ? await host.run(kind, input.bytes) : await sync.run(input.bytes);
          s.inputs++;
          sample();
          const key = {
            accepted: "accepted",
            refused: "refused",
            crash: "crashes",
            hang: "hangs",
            memory: "memory",
          } as const;
          s[key[result.outcome]]++;
          const bad: Failure["outcome"][] = [];
          if (result.outcome === "crash" || result.outcome === "hang" || result.outcome === "memory")
            bad.push(result.outcome);
          if ("partialWrite" in result && result.partialWrite === true) {
            s.partialWrites++;
            bad.push("partial-write");
          }
          for (const outcome of bad) {
            const signature = failureSignature({ kind, outcome, message: result.message });
            const count = (savedBySignature.get(signature) ?? 0) + 1;
            savedBySignature.set(signature, count);
            const saved = count <= SAVE_PER_SIGNATURE ? save(options.out, kind, input, result, outcome) : "";
            failures.push({ kind, mutator: input.mutator, outcome, message: result.message, saved });
          }
        }
      } finally {
        clearInterval(sampler);
        await sync?.close();
        // A fresh worker per kind, so one kind's heap does not count in the next one's peak RSS.
        await host.close();
      }
      s.seconds = (Date.now() - started) / 1000;
      stats.push(s);
      options.onKind?.(s);
    }
  } finally {
    await host.close();
  }
  return { stats, failures };
}

/**
 * Runs one saved input again (its .json or .bin), through the same target that found it.
 *
 * @example
 * await replay("bench/out/fuzz/osv/crash-0123456789ab.json"); // { outcome: "crash", message: "TypeError: ..." }
 */
export async function replay(file: string, options: Omit<FuzzOptions, "onKind">): Promise<InputResult> {
  const base = file.replace(/\.(json|bin)$/, "");
  const meta = JSON.parse(readFileSync(`${base}.json`, "utf8")) as { kind: string };
  const bytes = readFileSync(`${base}.bin`);
  if (meta.kind === SYNC_KIND) {
    const t = await SyncTarget.start(options.deadlineMs * 3);
    try {
      return await t.run(bytes);
    } finally {
      await t.close();
    }
  }
  const host = new FuzzWorkerHost(options);
  try {
    return await host.run(meta.kind, bytes);
  } finally {
    await host.close();
  }
}
