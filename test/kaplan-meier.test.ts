// The Kaplan–Meier product-limit estimator on worked examples computed by hand here.
import assert from "node:assert/strict";
import { test } from "node:test";
import { kaplanMeier, survivalQuantile, survivalShareWithin } from "../src/analyze/kaplan-meier.js";

const shipped = (days: number) => ({ days, ended: true });
const pending = (days: number) => ({ days, ended: false });

test("Kaplan–Meier: censored observations stay at risk until their time and never end", () => {
  // Shipped after 1, 2, 4 and 5 days; pending at 3 and 7 days. By hand, n = 6:
  //   day 1: 6 at risk, 1 ends  → S = 5/6
  //   day 2: 5 at risk, 1 ends  → S = 5/6 · 4/5 = 2/3
  //   day 3: 4 at risk, 1 censored
  //   day 4: 3 at risk, 1 ends  → S = 2/3 · 2/3 = 4/9
  //   day 5: 2 at risk, 1 ends  → S = 4/9 · 1/2 = 2/9
  //   day 7: 1 at risk, 1 censored
  // Median: the first time 1 − S ≥ 1/2 is day 4 (1 − 4/9 = 5/9); leaving the pending ones out would say 3.
  // p90: 1 − S never exceeds 7/9, so none. Within 1 day 1/6, within 3 days 1/3, within 7 days 7/9.
  const curve = kaplanMeier([shipped(4), pending(3), shipped(1), shipped(5), pending(7), shipped(2)]);
  assert.deepEqual(
    curve.steps.map((s) => [s.days, s.atRisk, s.ended, s.censored]),
    [
      [1, 6, 1, 0],
      [2, 5, 1, 0],
      [3, 4, 0, 1],
      [4, 3, 1, 0],
      [5, 2, 1, 0],
      [7, 1, 0, 1],
    ],
  );
  const s = curve.steps.map((x) => x.survival);
  for (const [got, want] of s.map((x, i) => [x, [5 / 6, 2 / 3, 2 / 3, 4 / 9, 2 / 9, 2 / 9][i] ?? NaN]))
    assert.ok(Math.abs((got as number) - (want as number)) < 1e-12, `${got} ≠ ${want}`);
  assert.equal(survivalQuantile(curve, 0.5), 4);
  assert.equal(survivalQuantile(curve, 0.9), null);
  assert.ok(Math.abs((survivalShareWithin(curve, 1) ?? NaN) - 1 / 6) < 1e-12);
  assert.ok(Math.abs((survivalShareWithin(curve, 3) ?? NaN) - 1 / 3) < 1e-12);
  assert.ok(Math.abs((survivalShareWithin(curve, 7) ?? NaN) - 7 / 9) < 1e-12);
  assert.equal(survivalShareWithin(curve, 0.5), 0);
});

test("Kaplan–Meier: without censoring it is the ordinary median and nearest-rank p90", () => {
  const curve = kaplanMeier([4, 1, 3, 2].map(shipped));
  // S = 3/4, 1/2, 1/4, 0: on 1/2 from day 2 to day 3, the median is their midpoint, as the ordinary median.
  assert.equal(survivalQuantile(curve, 0.5), 2.5);
  assert.equal(survivalQuantile(curve, 0.9), 4);
  assert.equal(survivalShareWithin(curve, 2), 0.5);
});

test("Kaplan–Meier: a tie ends before it censors; builds still pending past the last one count as not within", () => {
  // Day 2: 3 at risk, 1 ends (S = 2/3), 1 censored; day 9: 1 at risk, censored.
  const curve = kaplanMeier([shipped(2), pending(2), pending(9)]);
  assert.deepEqual(
    curve.steps.map((s) => [s.days, s.atRisk, s.ended, s.censored]),
    [
      [2, 3, 1, 1],
      [9, 1, 0, 1],
    ],
  );
  assert.ok(Math.abs((survivalShareWithin(curve, 7) ?? NaN) - 1 / 3) < 1e-12);
  assert.ok(Math.abs((survivalShareWithin(curve, 30) ?? NaN) - 1 / 3) < 1e-12);
  assert.equal(survivalQuantile(curve, 0.5), null);
  assert.equal(survivalShareWithin(kaplanMeier([]), 7), null);
});
