// Benchmark: peak memory of a whole-major lag export (4 rebuilds x 30,000 builds) as --json,
// --jsonl and --csv, on the store bench/compare.ts builds; the output read through a pipe as
// `| consumer` would, hashed, so two builds of the CLI can be compared byte for byte.
// Usage: npm run bench:export -- [--cli path/to/bin/elscope.js] [--db store.db] [--formats json,csv]
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArg } from "./bench-arg.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out", "export");
const cli = benchArg("cli", join(ROOT, "bin", "elscope.js"));
const db = benchArg("db", join(ROOT, "bench", "out", "compare", "store-30000.db"));
// "summary" is `--json --summary`: the analysis with no rows written, the floor under the others.
const formats = benchArg("formats", "summary,json,jsonl,csv").split(",");
const flagsOf = (f: string): string[] => (f === "summary" ? ["--json", "--summary"] : [`--${f}`]);
if (!existsSync(db)) throw new Error(`no store at ${db}: run npm run bench:compare first (it builds it)`);

interface Run {
  readonly code: number | null;
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly stderr: string;
}

/** Runs the CLI under GNU time, reading its stdout through a pipe; `stopAfter` bytes closes the pipe early (`| head -c`). */
function run(args: readonly string[], stopAfter = Infinity): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "%e %M", cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const hash = createHash("sha256");
    let bytes = 0;
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      bytes += d.length;
      hash.update(d);
      if (bytes >= stopAfter) child.stdout.destroy();
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = stderr.trim().split("\n");
      const [secs, kb] = (lines.pop() ?? "").split(" ").map(Number);
      resolve({
        code,
        seconds: secs ?? NaN,
        maxRssMb: (kb ?? NaN) / 1024,
        bytes,
        sha256: hash.digest("hex").slice(0, 16),
        stderr: lines.join("\n"),
      });
    });
  });
}

const lag = ["--db", db, "lag", "--rebuild", "almalinux,rocky,oracle,centos-stream"];
const lines = [
  `CLI ${cli}`,
  "",
  "| output | seconds | peak RSS (MB) | MB written | sha256 (first 16) |",
  "|---|---|---|---|---|",
];
const results: Record<string, Run> = {};
for (const f of formats) {
  const r = await run([...lag, ...flagsOf(f)]);
  if (r.code !== 0) throw new Error(`lag ${flagsOf(f).join(" ")} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  results[f] = r;
  lines.push(
    `| ${flagsOf(f).join(" ")} | ${r.seconds.toFixed(2)} | ${r.maxRssMb.toFixed(0)} | ${(r.bytes / 1e6).toFixed(1)} | ${r.sha256} |`,
  );
}
// A reader that stops early: the exit code stays 0 and nothing is said (GNU time's line aside).
const early = await run([...lag, "--json"], 1000);
lines.push("", `lag --json | head -c 1000: exit ${early.code}, stderr ${JSON.stringify(early.stderr)}`);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, "results.json"), JSON.stringify({ cli, db, results, early }, null, 2));
process.stdout.write(lines.join("\n") + "\n");
