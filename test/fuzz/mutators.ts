import type { Prng } from "./mulberry32.js";

/** What a seed file is, for the mutators that need the format's own syntax (nesting, type swaps). */
export type SeedFormat = "xml" | "json" | "text";

/** One mutator: takes a seed (and the kind's other seeds, for splices) and returns new bytes. */
export interface Mutator {
  readonly name: string;
  readonly applies: (format: SeedFormat) => boolean;
  readonly mutate: (seed: Uint8Array, r: Prng, others: readonly Uint8Array[], format: SeedFormat) => Uint8Array;
}

const NEST = 10_000;
const MB = 1 << 20;
const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: false });
const any = (): boolean => true;

function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Inserts `what` at byte `at`. */
function insertAt(b: Uint8Array, at: number, what: Uint8Array | string): Uint8Array {
  return concat(b.subarray(0, at), typeof what === "string" ? enc.encode(what) : what, b.subarray(at));
}

/** A random byte offset just after one of `after`'s occurrences (or anywhere when there are none). */
function offsetAfter(b: Uint8Array, r: Prng, after: number): number {
  const hits: number[] = [];
  for (let i = 0; i < b.length; i++) if (b[i] === after) hits.push(i + 1);
  return hits.length > 0 ? r.pick(hits) : r.int(b.length + 1);
}

/** A random offset inside a run of letters, which in these formats is mostly a name or a value. */
function offsetInWord(b: Uint8Array, r: Prng): number {
  const hits: number[] = [];
  for (let i = 1; i < b.length; i++) {
    const c = b[i] ?? 0;
    if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a && ((b[i - 1] ?? 0) | 0x20) >= 0x61) hits.push(i);
  }
  return hits.length > 0 ? r.pick(hits) : r.int(b.length + 1);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every [parent, key] slot of a JSON tree, to pick one to replace; a loop, as a mutated tree may be 10,000 deep. */
function slots(root: Json): [Json[] | Record<string, Json>, string | number][] {
  const out: [Json[] | Record<string, Json>, string | number][] = [];
  const todo: Json[] = [root];
  for (let v = todo.pop(); v !== undefined; v = todo.pop()) {
    if (v === null || typeof v !== "object") continue;
    const parent = v;
    const children: [string | number, Json][] = Array.isArray(v) ? v.map((c, i) => [i, c]) : Object.entries(v);
    for (const [k, c] of children) {
      out.push([parent, k]);
      todo.push(c);
    }
  }
  return out;
}

const HOLE = "\u0000elscope-fuzz-hole\u0000";

/**
 * Replaces one random value of a JSON seed with `raw` JSON text (which may be too deep or too
 * big for JSON.stringify to build); a seed that does not parse gets `raw` at a random offset.
 */
function replaceJsonValue(seed: Uint8Array, r: Prng, raw: (old: Json) => string): Uint8Array {
  try {
    const tree = JSON.parse(dec.decode(seed)) as Json;
    const all = slots(tree);
    if (all.length === 0) return enc.encode(raw(tree));
    const [parent, key] = r.pick(all);
    const old = (parent as Record<string | number, Json>)[key] as Json;
    (parent as Record<string | number, Json>)[key] = HOLE;
    return enc.encode(JSON.stringify(tree).replace(JSON.stringify(HOLE), () => raw(old)));
  } catch {
    // Not JSON (an earlier mutation broke it), or too deep for JSON.stringify: put it anywhere.
    return insertAt(seed, r.int(seed.length + 1), raw(null));
  }
}

function swapType(old: Json, r: Prng): string {
  const choices: readonly string[] =
    typeof old === "string"
      ? [String(old.length), "[" + JSON.stringify(old) + "]", `{"v":${JSON.stringify(old)}}`, "null", "true"]
      : typeof old === "number"
        ? [JSON.stringify(String(old)), `[${old}]`, `{"n":${old}}`, "null", "false"]
        : Array.isArray(old)
          ? ["{}", '"[]"', "0", JSON.stringify(old).replace(/^\[/, '{"0":').replace(/\]$/, "}"), "null"]
          : old !== null && typeof old === "object"
            ? ["[]", '"{}"', "1", `[${JSON.stringify(old)}]`, "null"]
            : ['""', "0", "[]", "{}", "-1"];
  return r.pick(choices);
}

const NUMBERS: readonly string[] = [
  "-1",
  "0",
  "-0",
  "1e300",
  "-1e300",
  "1e-400",
  "9007199254740993",
  "99999999999999999999999",
  "NaN",
  "Infinity",
  "0x1F",
  "1_000",
  "00012",
  "1.5",
  "",
];

const CONTROLS: readonly string[] = ["\u0000", "\u001b[31m", "\u0007", "\r", "\u2028", "\u007f", "\u0085", "\r\n"];

const BAD_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf], // overlong "\x7f"
  [0xe0, 0x80, 0xaf], // overlong "/"
  [0xf0, 0x80, 0x80, 0xaf], // 4-byte overlong "/"
  [0xed, 0xa0, 0x80], // UTF-8-encoded surrogate
  [0xe2, 0x82], // cut sequence
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
];

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const s = (bom ? "\ufeff" : "") + text;
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i + (bigEndian ? 0 : 1)] = c >> 8;
    out[2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
  }
  return out;
}

function hugeRun(r: Prng, unit: string): string {
  return unit.repeat(Math.ceil((1 + r.int(6)) * MB) / unit.length);
}

/** The mutators, in the order `--replay` names them; every one is deterministic given the PRNG. */
export const MUTATORS: readonly Mutator[] = [
  {
    name: "bit-flip",
    applies: any,
    mutate(seed, r) {
      const b = Uint8Array.from(seed);
      for (let n = 1 + r.int(8); n > 0 && b.length > 0; n--) {
        const i = r.int(b.length);
        b[i] = (b[i] ?? 0) ^ (1 << r.int(8));
      }
      return b;
    },
  },
  {
    name: "byte-insert",
    applies: any,
    mutate(seed, r) {
      let b = seed;
      for (let n = 1 + r.int(4); n > 0; n--) {
        const bytes = Uint8Array.from({ length: 1 + r.int(16) }, () => r.int(256));
        b = insertAt(b, r.int(b.length + 1), bytes);
      }
      return b;
    },
  },
  {
    name: "byte-delete",
    applies: any,
    mutate(seed, r) {
      const at = r.int(seed.length + 1);
      return concat(seed.subarray(0, at), seed.subarray(at + 1 + r.int(64)));
    },
  },
  { name: "truncate", applies: any, mutate: (seed, r) => seed.subarray(0, r.int(seed.length + 1)) },
  {
    name: "splice",
    applies: any,
    mutate(seed, r, others) {
      const other = others.length > 0 ? r.pick(others) : seed;
      return concat(seed.subarray(0, r.int(seed.length + 1)), other.subarray(r.int(other.length + 1)));
    },
  },
  {
    name: "duplicate-region",
    applies: any,
    mutate(seed, r) {
      const start = r.int(seed.length + 1);
      const region = seed.subarray(start, start + 1 + r.int(512));
      const times = r.pick([1, 2, 10, 1000]);
      const copies = new Uint8Array(region.length * times);
      for (let i = 0; i < times; i++) copies.set(region, i * region.length);
      return insertAt(seed, r.int(seed.length + 1), copies);
    },
  },
  {
    name: "deep-nesting",
    applies: any,
    mutate(seed, r, _o, format) {
      if (format === "json") {
        const [open, close] = r.pick([
          ["[", "]"],
          ['{"a":', "}"],
        ] as const);
        return replaceJsonValue(seed, r, () => open.repeat(NEST) + "1" + close.repeat(NEST));
      }
      if (format === "xml") return insertAt(seed, offsetAfter(seed, r, 0x3e), "<a>".repeat(NEST) + "</a>".repeat(NEST));
      // YAML, Markdown, CSV: flow-style nesting where a value starts, or block nesting by indentation.
      const flow = r.next() < 0.5;
      const nest = flow
        ? "[".repeat(NEST) + "]".repeat(NEST)
        : "\n" + Array.from({ length: 2000 }, (_v, i) => " ".repeat(i) + "- ").join("\n") + "\n";
      return insertAt(seed, flow ? offsetAfter(seed, r, 0x3a) : offsetAfter(seed, r, 0x0a), nest);
    },
  },
  {
    name: "huge-token",
    applies: any,
    mutate(seed, r, _o, format) {
      const what = r.int(4);
      if (what === 0) return insertAt(seed, r.int(seed.length + 1), hugeRun(r, r.pick([" ", "\n", "\t", "\r\n"])));
      if (format === "json")
        return replaceJsonValue(seed, r, () => (what === 1 ? JSON.stringify(hugeRun(r, "x")) : hugeRun(r, "9")));
      if (format === "xml") {
        const at = offsetAfter(seed, r, 0x3c);
        if (what === 1) return insertAt(seed, offsetInWord(seed, r), hugeRun(r, "n"));
        if (what === 2) return insertAt(seed, offsetAfter(seed, r, 0x3e), `<!--${hugeRun(r, "c")}-->`);
        return insertAt(seed, at + 1, ` a="${hugeRun(r, "v")}"`);
      }
      if (what === 2) return insertAt(seed, offsetAfter(seed, r, 0x0a), `# ${hugeRun(r, "c")}\n`);
      return insertAt(seed, offsetInWord(seed, r), hugeRun(r, "w"));
    },
  },
  {
    name: "encoding",
    applies: any,
    mutate(seed, r) {
      const what = r.int(5);
      if (what <= 1) return utf16(dec.decode(seed), what === 1, r.next() < 0.5);
      if (what === 2) return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), seed);
      let b = seed;
      for (let n = 1 + r.int(3); n > 0; n--) b = insertAt(b, offsetInWord(b, r), Uint8Array.from(r.pick(BAD_UTF8)));
      return b;
    },
  },
  {
    name: "control-chars",
    applies: any,
    mutate(seed, r, _o, format) {
      const c = r.pick(CONTROLS);
      // Valid JSON can carry any control character escaped; raw ones are a syntax error.
      if (format === "json" && r.next() < 0.6)
        return replaceJsonValue(seed, r, (old) => JSON.stringify(`${typeof old === "string" ? old : "x"}${c}y`));
      return insertAt(seed, offsetInWord(seed, r), c);
    },
  },
  {
    name: "number-edge",
    applies: any,
    mutate(seed, r) {
      const text = dec.decode(seed);
      const runs = [...text.matchAll(/-?\d+(?:\.\d+)?/g)];
      if (runs.length === 0) return insertAt(seed, offsetInWord(seed, r), r.pick(NUMBERS));
      const m = r.pick(runs);
      const i = m.index ?? 0;
      return enc.encode(text.slice(0, i) + r.pick(NUMBERS) + text.slice(i + m[0].length));
    },
  },
  {
    name: "type-swap",
    applies: (f) => f === "json",
    mutate: (seed, r) => replaceJsonValue(seed, r, (old) => swapType(old, r)),
  },
];

/**
 * The format of a seed, from its first significant byte.
 *
 * @example
 * seedFormat(Buffer.from("<metadata/>")) // "xml"
 */
export function seedFormat(seed: Uint8Array): SeedFormat {
  const head = dec.decode(seed.subarray(0, 64)).trimStart();
  return head.startsWith("<") ? "xml" : head.startsWith("{") || head.startsWith("[") ? "json" : "text";
}
