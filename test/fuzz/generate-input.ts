import type { Prng } from "./mulberry32.js";
import { MUTATORS, seedFormat } from "./mutators.js";
import type { Seed } from "./seed-corpus.js";

/** One fuzz input and how it was made, so a saved crash says which mutator found it. */
export interface FuzzInput {
  readonly bytes: Uint8Array;
  readonly mutator: string;
  readonly seedFile: string;
}

/**
 * Picks a seed and a mutator (a quarter of the time, a second one on top) and applies them.
 *
 * @example
 * generateInput(seedCorpus("osv"), mulberry32(1)).mutator // e.g. "type-swap" or "bit-flip+truncate"
 */
export function generateInput(corpus: readonly Seed[], r: Prng): FuzzInput {
  const seed = r.pick(corpus);
  const others = corpus.map((s) => s.bytes);
  const format = seedFormat(seed.bytes);
  const usable = MUTATORS.filter((m) => m.applies(format));
  const names: string[] = [];
  let bytes = seed.bytes;
  for (let n = r.next() < 0.25 ? 2 : 1; n > 0; n--) {
    const m = r.pick(usable);
    names.push(m.name);
    bytes = m.mutate(bytes, r, others, format);
  }
  return { bytes, mutator: names.join("+"), seedFile: seed.file };
}
