// The layers of src/ and the one way imports run between them:
//   cli, server → report → jobs → queries, ingest, probe, sync → analyze, store, sources, fetch → catalog → model, errors, format
// A folder imports only folders below it; folders on one level do not import each other.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

// The CLI starts the server (elscope serve), so it sits just above it; the server never reaches back.
const LEVELS: readonly (readonly string[])[] = [
  ["cli"],
  ["server"],
  ["report"],
  // The job queue runs the use cases below it (sync, probe, import, update) for `elscope worker`.
  ["jobs"],
  ["queries", "ingest", "probe", "sync"],
  ["analyze", "store", "sources", "fetch"],
  ["catalog"],
  ["model", "errors", "format"],
];

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Every import between two top-level folders of src/: [file, from folder, to folder]. */
function crossImports(): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const f of files(SRC)) {
    const from = relative(SRC, f).split("/")[0] ?? "";
    for (const m of readFileSync(f, "utf8").matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const to = relative(SRC, resolve(dirname(f), m[1] ?? "")).split("/")[0] ?? "";
      if (to !== from) out.push([relative(SRC, f), from, to]);
    }
  }
  return out;
}

const level = (folder: string): number => LEVELS.findIndex((l) => l.includes(folder));

test("every folder of src/ has a level", () => {
  const folders = readdirSync(SRC).filter((e) => statSync(join(SRC, e)).isDirectory());
  assert.deepEqual(
    folders.filter((f) => level(f) === -1),
    [],
    "add new folders to LEVELS (and to the README's layout)",
  );
});

test("the named rules: server never imports cli, store never imports analyze or queries, analyze never imports store", () => {
  const broken = crossImports().filter(
    ([, from, to]) =>
      (from === "server" && to === "cli") ||
      (from === "store" && (to === "analyze" || to === "queries")) ||
      (from === "analyze" && to === "store"),
  );
  assert.deepEqual(broken, []);
});

test("imports run one way: only to a lower level", () => {
  const broken = crossImports()
    .filter(([, from, to]) => level(to) <= level(from))
    .map(([file, , to]) => `${file} imports ${to}`);
  assert.deepEqual(broken, []);
});
