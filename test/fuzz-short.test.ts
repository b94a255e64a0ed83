import assert from "node:assert/strict";
import { test } from "node:test";
import { formatSummary } from "./fuzz/format-summary.js";
import { DEFAULTS, fuzz } from "./fuzz/fuzz.js";
import { tempDir } from "./helpers/temp-dir.js";

// A fixed seed and fixed input counts (not a time budget), so the run is the same inputs on every
// machine; sized to take about a minute on two cores. `npm run fuzz` runs the long campaign.
const SEED = 20261201;
const INPUTS_PER_PARSER = 60;
const SYNC_INPUTS = 8;

test("a short fixed-seed fuzz run finds no crash, hang, heap blow-up or partial write", async () => {
  const out = await tempDir("elscope-fuzz-short-");
  try {
    const report = await fuzz({
      ...DEFAULTS,
      seed: SEED,
      inputs: INPUTS_PER_PARSER,
      syncInputs: SYNC_INPUTS,
      out: out.path,
    });
    const tried = report.stats.reduce((n, s) => n + s.inputs, 0);
    assert.ok(tried > 0, "the run tried inputs");
    assert.ok(
      report.stats.some((s) => s.accepted > 0) && report.stats.some((s) => s.refused > 0),
      "inputs were both accepted and refused",
    );
    // The summary names each failure's kind, mutator and message; the inputs are replayable from
    // `npm run fuzz -- --seed 20261201 --inputs 60 --sync-inputs 8`.
    assert.equal(report.failures.length, 0, formatSummary(report));
  } finally {
    await out.remove();
  }
});
