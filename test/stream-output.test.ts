// Streamed outputs (issue 15): the pieces the writers make join to the very bytes of the whole
// answer's text, for the format functions alone (many shapes) and through the real CLI.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { batchedChunks } from "../src/format/batched-chunks.js";
import { csvChunks } from "../src/format/csv-chunks.js";
import { csvCells } from "../src/format/csv-cells.js";
import { jsonChunks } from "../src/format/json-chunks.js";
import { jsonlChunks } from "../src/format/jsonl-chunks.js";
import { renderCsv } from "../src/format/render-csv.js";
import { stableStringify } from "../src/format/stable-stringify.js";
import { queryContext } from "../src/queries/query-context.js";
import { updateLagQuery } from "../src/queries/update-lag-query.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { spawn } from "node:child_process";
import { CLI, runCli } from "./helpers/run-cli.js";
import { buildServeStore } from "./helpers/serve-store.js";
import { tempDir } from "./helpers/temp-dir.js";

/** A small deterministic generator (mulberry32), so every run tries the same shapes. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXTS = [
  "",
  "plain",
  'quote " and \\ backslash',
  "comma, and\r\nnewline",
  "ünïcödé — ≤1 d",
  "😀 astral",
  "\u0000\u001f",
  // Escaped by JSON.stringify (lone surrogates) or not (U+2028, DEL): the fast path must agree.
  "lone \ud800 high",
  "lone \udfff low",
  "\u2028 \u2029 \u007f",
];
const KEYS = ["b", "a", "Z", "rows", "é", "10", "2", "_", "aa", "a b"];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const kind = depth > 2 ? Math.floor(next() * 4) : Math.floor(next() * 7);
  switch (kind) {
    case 0:
      return pick(TEXTS);
    case 1:
      return pick([0, -0, -1.5, 1e21, 2 ** 53, 0.1 + 0.2, 5e-324, NaN, -Infinity]);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick([undefined, "x"]);
    case 4:
      return Array.from({ length: Math.floor(next() * 3) }, () => value(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, () => [pick(KEYS), value(next, depth + 1)]),
      );
  }
}

const joined = (chunks: Iterable<string>): string => [...chunks].join("");

/**
 * JSON.stringify's own text with keys sorted at every depth: what stableStringify must write. A
 * replacer list orders every object's keys as the list does (ECMA-262 §25.5.2, PropertyList);
 * rebuilt objects would not, since integer-like keys always come first in them.
 */
function sortedReference(v: unknown): string {
  const keys = new Set<string>();
  const collect = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    for (const [k, y] of Object.entries(x)) {
      if (!Array.isArray(x)) keys.add(k);
      collect(y);
    }
  };
  collect(v);
  return JSON.stringify(v, [...keys].sort(), 2) ?? "null";
}

test("stableStringify writes JSON.stringify's bytes with sorted keys, for 2,000 generated values", () => {
  const next = random(7);
  for (let i = 0; i < 2000; i++) {
    const v = value(next, 0);
    assert.equal(stableStringify(v, ""), sortedReference(v), `value ${i}: ${String(JSON.stringify(v))}`);
  }
  // The same object shape many times over, its quoted keys reused.
  const row = { z: NaN, a: -0, m: [undefined], u: undefined };
  assert.equal(stableStringify([row, row], ""), sortedReference([row, row]));
  // Rows one after another with the same keys in another order, other keys of the same count,
  // and one key fewer: the sorted keys of the row before are used only when the keys are the same.
  const rows = [
    { b: 1, a: 2, c: 3 },
    { b: 1, a: 2, c: 3 },
    { c: 3, a: 2, b: 1 },
    { b: 1, a: 2, d: 4 },
    { b: 1, a: 2 },
    { b: 1, a: 2, c: { y: 1, x: [{ b: 1, a: 2, c: 3 }] } },
    { b: 1, a: 2, c: 3 },
  ];
  for (const [i, r] of rows.entries()) assert.equal(stableStringify(r, ""), sortedReference(r), `row ${i}`);
  assert.equal(stableStringify(rows, ""), sortedReference(rows));
});

describe("jsonChunks: the same bytes as stableStringify of the whole answer", () => {
  test("chosen shapes: empty rows, nested values, unicode, keys needing sorting, undefined", () => {
    const shapes: [object, unknown[]][] = [
      [{}, []],
      [{ asOf: {}, sources: [] }, []],
      [{ z: 1, a: [], m: {} }, [{}]],
      [{ ä: "ü", "😀": ["😀"], a: undefined }, [{ b: { d: [1, { y: 1, x: 2 }], c: null }, a: "é\n" }]],
      [{ rows: "the envelope's own rows are replaced", asOf: { rocky: null } }, [1, "two", null, [3], undefined]],
      [{ Zeta: 1, alpha: 2, "10": 3, "2": 4 }, [{ k: undefined }, { k: [undefined] }]],
    ];
    for (const [envelope, rows] of shapes) {
      const whole = stableStringify({ ...envelope, rows }, "");
      assert.equal(joined(jsonChunks(envelope, rows)), whole, JSON.stringify(envelope));
      // From an iterable that is no array too, as a row source can be.
      assert.equal(joined(jsonChunks(envelope, rows.values())), whole);
    }
  });

  test("500 generated answers, and another rows key", () => {
    const next = random(15);
    for (let i = 0; i < 500; i++) {
      const envelope = value(next, 1);
      const env = envelope !== null && typeof envelope === "object" && !Array.isArray(envelope) ? envelope : {};
      const rows = Array.from({ length: Math.floor(next() * 5) }, () => value(next, 1));
      assert.equal(joined(jsonChunks(env, rows)), stableStringify({ ...env, rows }, ""), `answer ${i}`);
      assert.equal(joined(jsonChunks(env, rows, "b")), stableStringify({ ...env, b: rows }, ""), `answer ${i}, key b`);
    }
  });

  test("batching keeps the bytes and their order", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({ i, text: TEXTS[i % TEXTS.length] }));
    const pieces = [...batchedChunks(jsonChunks({ asOf: {} }, rows), 4096)];
    assert.ok(pieces.length > 10 && pieces.every((p) => p.length < 4096 + 200));
    assert.equal(pieces.join(""), stableStringify({ asOf: {}, rows }, ""));
  });
});

describe("jsonlChunks and csvChunks", () => {
  test("each NDJSON line parses to its row, keys sorted, one line each", () => {
    const next = random(7);
    const rows = Array.from({ length: 200 }, () => value(next, 1)).map((v) => (v === undefined ? null : v));
    const lines = [...jsonlChunks(rows)];
    assert.equal(lines.length, rows.length);
    for (const [i, line] of lines.entries()) {
      assert.ok(line.endsWith("\n") && !line.slice(0, -1).includes("\n"), line);
      // JSON drops undefined members as stableStringify does; parsing both forms compares them.
      assert.deepEqual(JSON.parse(line), JSON.parse(stableStringify(rows[i], "")));
    }
    assert.equal(joined(jsonlChunks([{ b: 1, a: { d: 1, c: [2] } }])), '{"a":{"c":[2],"d":1},"b":1}\n');
  });

  test("CSV in pieces is renderCsv's text", () => {
    const next = random(3);
    for (let i = 0; i < 100; i++) {
      const rows = csvCells(
        Array.from({ length: Math.floor(next() * 4) }, () =>
          Object.fromEntries(["p", "q", "r"].map((k) => [k, value(next, 2)])),
        ),
      );
      const old =
        rows.length === 0
          ? ""
          : [
              Object.keys(rows[0] ?? {}).join(","),
              ...rows.map((r) =>
                Object.keys(rows[0] ?? {})
                  .map((h) => {
                    const v = r[h];
                    if (v === null || v === undefined) return "";
                    const s = String(v);
                    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
                  })
                  .join(","),
              ),
            ].join("\r\n") + "\r\n";
      assert.equal(joined(csvChunks(rows)), old);
      assert.equal(renderCsv(rows), old);
    }
  });
});

describe("elscope lag --json, --jsonl and --csv, streamed", () => {
  let dir: { path: string; remove: () => Promise<void> };
  let db = "";
  before(async () => {
    dir = await tempDir();
    db = await buildServeStore(dir.path);
  });
  after(() => dir.remove());

  test("the bytes of the answer as printJson and renderCsv write it whole, and NDJSON of its rows", async () => {
    const catalog = loadCatalog();
    for (const flags of [
      ["--rebuild", "almalinux"],
      ["--rebuild", "almalinux", "--release", "9"],
      ["--rebuild", "almalinux", "--package", "nosuch"],
    ]) {
      const store = await openSqliteStore(db);
      const answer = await updateLagQuery(queryContext(store, catalog), {
        upstream: "rhel",
        rebuilds: ["almalinux"],
        release: flags.includes("--release") ? "9" : undefined,
        package: flags.includes("--package") ? "nosuch" : undefined,
        time: "file",
      }).finally(() => store.close());
      const json = await runCli(["--db", db, "lag", ...flags, "--json"]);
      assert.equal(json.code, 0, json.stderr);
      assert.equal(json.stdout, stableStringify(answer, "") + "\n", flags.join(" "));
      const summary = await runCli(["--db", db, "lag", ...flags, "--json", "--summary"]);
      assert.equal(summary.stdout, stableStringify({ ...answer, rows: [] }, "") + "\n");
      const jsonl = await runCli(["--db", db, "lag", ...flags, "--jsonl"]);
      assert.equal(jsonl.code, 0, jsonl.stderr);
      const lines = jsonl.stdout.split("\n");
      assert.equal(lines.pop(), "", "every line ends with a newline");
      assert.deepEqual(
        lines.map((l) => JSON.parse(l) as unknown),
        JSON.parse(stableStringify(answer.rows, "")),
      );
      const csv = await runCli(["--db", db, "lag", ...flags, "--csv"]);
      assert.equal(csv.code, 0, csv.stderr);
      assert.equal(csv.stdout, renderCsv(answer.rows.map((r) => ({ ...r }))));
    }
  });

  test("a reader gone before the first write (EPIPE, as `| head` does): exit 0, nothing on stderr", async () => {
    for (const format of ["--json", "--jsonl", "--csv"]) {
      const child = spawn(process.execPath, [CLI, "--db", db, "lag", "--rebuild", "almalinux", format], {
        env: { ...process.env, ELSCOPE_CATALOG: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      // Closing our end now makes every write of the child fail with EPIPE.
      child.stdout.destroy();
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      assert.deepEqual([code, stderr], [0, ""], format);
    }
  });
});
