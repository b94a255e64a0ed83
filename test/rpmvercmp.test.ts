import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { compareEvr, parseEvr } from "../src/analyze/evr.js";
import { rpmvercmp } from "../src/analyze/rpmvercmp.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir();
});
after(() => dir.remove());

/** Asks the real rpm (Debian package rpm) to compare every pair, in one process. */
function rpmOracle(pairs: readonly (readonly [string, string])[]): number[] {
  const file = join(dir.path, `pairs-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(""));
  const lua = `%{lua: for line in io.lines("${file}") do local a, b = line:match("^(.-)\\t(.*)$"); io.write(rpm.vercmp(a, b), "\\n") end}`;
  const out = execFileSync("rpm", ["--eval", lua], { encoding: "utf8", maxBuffer: 1 << 26 });
  return out.trim().split("\n").map(Number);
}

// rpm's own edge cases (rpm's test suite, rpmvercmp.at), with the expected results.
const EDGE: readonly (readonly [string, string, number])[] = [
  ["1.0", "1.0", 0],
  ["1.0", "2.0", -1],
  ["2.0", "1.0", 1],
  ["2.0.1", "2.0.1", 0],
  ["2.0", "2.0.1", -1],
  ["2.0.1a", "2.0.1", 1],
  ["5.5p1", "5.5p2", -1],
  ["5.5p10", "5.5p1", 1],
  ["10xyz", "10.1xyz", -1],
  ["xyz10", "xyz10.1", -1],
  ["xyz.4", "8", -1],
  ["8", "xyz.4", 1],
  ["1.0aa", "1.0a", 1],
  ["1b.fc17", "1.fc17", -1],
  ["1.0~rc1", "1.0", -1],
  ["1.0~rc1", "1.0~rc2", -1],
  ["1.0~rc1~git123", "1.0~rc1", -1],
  ["1.0^", "1.0", 1],
  ["1.0^git1", "1.0", 1],
  ["1.0^git1", "1.01", -1],
  ["1.0^20160101", "1.0.1", -1],
  ["1.0^20160101^git1", "1.0^20160101", 1],
  ["1.0~rc1^git1", "1.0~rc1", 1],
  ["1.0^git1~pre", "1.0^git1", -1],
  ["1.0^", "1.0~", 1],
  ["001", "1", 0],
  ["1.001", "1.1", 0],
  ["a+", "a_", 0],
  ["+a", "_a", 0],
  ["+", "_", 0],
  ["_", "+", 0],
  ["1.0", "1.0.", 0],
  ["2.50", "2.5", 1],
  ["FC5", "fc4", -1],
  ["2a", "2.0", -1],
  ["1.0", "1.fc4", 1],
  ["3.0.0_fc", "3.0.0.fc", 0],
  ["1++", "1_", 0],
  ["el9_4", "el9_4.alma.1", -1],
  ["427.13.1.el9_4", "427.13.1.0.1.el9_4", -1],
];

// rpm.vercmp() in rpm's Lua reads its arguments as EVRs and refuses empty ones, so these are
// checked against rpmvercmp.c's logic only.
const EMPTY: readonly (readonly [string, string, number])[] = [
  ["", "", 0],
  ["", "1", -1],
  ["~", "", -1],
  ["^", "", 1],
];

test("rpm's own edge cases", () => {
  for (const [a, b, want] of [...EDGE, ...EMPTY]) assert.equal(rpmvercmp(a, b), want, `${a} vs ${b}`);
  assert.deepEqual(
    rpmOracle(EDGE.map(([a, b]) => [a, b])),
    EDGE.map(([, , w]) => w),
    "the expectations themselves agree with rpm",
  );
});

test("thousands of generated pairs compare exactly as the real rpm does", () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  // No "-" or ":": rpm's Lua vercmp would read those as release and epoch separators.
  const alphabet = "0123456789aZz.~^_+";
  const gen = (): string => {
    let s = "";
    const len = 1 + rand(8);
    for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
    return s.replace(/\t|\n/g, "");
  };
  const pairs: [string, string][] = [];
  for (let k = 0; k < 4000; k++) {
    const a = gen();
    // Half of the pairs share a prefix, where the interesting cases are.
    const b = k % 2 === 0 ? gen() : a.slice(0, rand(a.length + 1)) + gen();
    pairs.push([a, b]);
  }
  const oracle = rpmOracle(pairs);
  const mismatches = pairs.filter(([a, b], i) => rpmvercmp(a, b) !== oracle[i]);
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} of ${pairs.length} differ from rpm`);
});

test("EVR order: epoch first, then version, then release", () => {
  assert.equal(compareEvr(parseEvr("1:1.0-1"), parseEvr("9.9-9")), 1);
  assert.equal(compareEvr(parseEvr("0:1.0-1.el9"), parseEvr("1.0-1.el9")), 0);
  assert.equal(compareEvr(parseEvr("1.0-1.el9_4"), parseEvr("1.0-1.el9_4.alma.1")), -1);
  assert.deepEqual(parseEvr("2:4.9-8.el9"), { epoch: 2, version: "4.9", release: "8.el9" });
});
