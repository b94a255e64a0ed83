import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../test/golden/", import.meta.url));

/** Stable JSON: sorted keys, two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
          : v,
      2,
    ) + "\n"
  );
}

/**
 * Compares `value` with test/golden/<name>; `npm run golden:update` rewrites
 * the golden files from the current output (review the diff before committing).
 */
export function assertGolden(name: string, value: unknown): void {
  const path = ROOT + name;
  const text = typeof value === "string" ? value : stableJson(value);
  if (process.env["ELSCOPE_UPDATE_GOLDEN"] === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, "utf8");
  } catch {
    assert.fail(`no golden file ${path}; run \`npm run golden:update\` and review it`);
  }
  assert.equal(text, expected, `output differs from ${path}; if intended, run \`npm run golden:update\``);
}
