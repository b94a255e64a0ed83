import assert from "node:assert/strict";
import { test } from "node:test";
import { supportPhase } from "../src/analyze/support-phase.js";

const rhel9 = { ga: "2022-05-18", activeSupportEnd: "2027-05-31", eol: "2032-05-31", extendedSupportEnd: "2036-05-31" };

test("a major's phase on a day: each end is the last day of its phase", () => {
  assert.deepEqual(
    [
      "2022-05-17",
      "2022-05-18",
      "2027-05-31",
      "2027-06-01",
      "2032-05-31",
      "2032-06-01",
      "2036-05-31",
      "2036-06-01",
    ].map((d) => supportPhase(rhel9, d)),
    [
      "not yet released",
      "active support",
      "active support",
      "maintenance support",
      "maintenance support",
      "extended support only",
      "extended support only",
      "end of life",
    ],
  );
});

test("a date the page does not state is never guessed", () => {
  assert.equal(supportPhase({ ...rhel9, ga: null }, "2026-12-01"), "unknown");
  // Oracle Linux states no end of active support, and for 10 no end of life.
  assert.equal(
    supportPhase({ ...rhel9, activeSupportEnd: null }, "2026-12-01"),
    "supported (no end of active support stated)",
  );
  assert.equal(
    supportPhase({ ...rhel9, activeSupportEnd: null, eol: null }, "2040-01-01"),
    "supported (no end of life stated)",
  );
  assert.equal(supportPhase({ ...rhel9, extendedSupportEnd: null }, "2032-06-01"), "end of life");
});
