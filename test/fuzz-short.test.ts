import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { formatSummary } from "./fuzz/format-summary.js";
import { DEFAULTS, fuzz } from "./fuzz/fuzz.js";

// A fixed seed and fixed input counts (not a time budget), so the run is the same inputs on every
// machine; sized to take about a minute on two cores. `npm run fuzz` runs the long campaign.
const SEED = 20261201;
const INPUTS_PER_PARSER = 60;
const SYNC_INPUTS = 8;
// Failing inputs are kept (bench/out/ is git-ignored) so that `--replay` can run them again.
const OUT = fileURLToPath(new URL("../../bench/out/fuzz-short/", import.meta.url));

test("a short fixed-seed fuzz run finds no crash, hang, heap blow-up or partial write", async () => {
  const report = await fuzz({ ...DEFAULTS, seed: SEED, inputs: INPUTS_PER_PARSER, syncInputs: SYNC_INPUTS, out: OUT });
  const tried = report.stats.reduce((n, s) => n + s.inputs, 0);
  assert.ok(tried > 0, "the run tried inputs");
  assert.ok(
    report.stats.some((s) => s.accepted > 0) && report.stats.some((s) => s.refused > 0),
    "inputs were both accepted and refused",
  );
  // The summary names each failure's kind, mutator, message and saved input; the same run is
  // `npm run fuzz -- --seed 20261201 --inputs 60 --sync-inputs 8 --out bench/out/fuzz-short`.
  assert.equal(report.failures.length, 0, formatSummary(report));
});
