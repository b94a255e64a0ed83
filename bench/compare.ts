// Benchmark: lag, parity and diff on a generated store of 5 distributions x 3 releases x 30,000
// packages, built by syncing generated repositories through the real CLI.
// Usage: npm run bench:compare -- [--packages N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildComparisonStore, CLI, COMPARE_OUT as OUT } from "./comparison-store.js";

const i = process.argv.indexOf("--packages");
const packages = i === -1 ? 30000 : Number(process.argv[i + 1]);

interface Sample {
  readonly seconds: number;
  readonly maxRssMb: number;
}

function timed(args: readonly string[]): Sample {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", CLI, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`elscope ${args.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const [secs, kb] = (r.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
  return { seconds: secs ?? NaN, maxRssMb: (kb ?? NaN) / 1024 };
}

mkdirSync(OUT, { recursive: true });
const db = join(OUT, `store-${packages}.db`);
if (!existsSync(db)) buildComparisonStore([db], packages);

const rebuilds = "almalinux,rocky,oracle,centos-stream";
const runs: [string, string[]][] = [
  ["lag, 4 rebuilds, one release", ["--db", db, "lag", "--rebuild", rebuilds, "--release", "9.4", "--json"]],
  ["lag, 4 rebuilds, whole major", ["--db", db, "lag", "--rebuild", rebuilds, "--json"]],
  ["parity, 4 rebuilds", ["--db", db, "parity", "--rebuild", rebuilds, "--release", "9.4", "--json"]],
  ["diff by binary", ["--db", db, "diff", "rhel:9.4/AppStream/x86_64", "almalinux:9.4/AppStream/x86_64", "--json"]],
  [
    "diff by source",
    ["--db", db, "diff", "rhel:9.4/AppStream/x86_64", "rhel:9.5/AppStream/x86_64", "--by", "source", "--json"],
  ],
];
const lines = [
  `Store: 5 distributions x 3 releases x ${packages.toLocaleString("en-US")} packages (about ${(15 * packages).toLocaleString("en-US")} package rows), median of 3 runs.`,
  "",
  "| command | seconds | peak RSS (MB) |",
  "|---|---|---|",
];
const results: Record<string, Sample> = {};
for (const [label, args] of runs) {
  const samples = [timed(args), timed(args), timed(args)].sort((a, b) => a.seconds - b.seconds);
  const mid = samples[1] as Sample;
  results[label] = mid;
  lines.push(`| ${label} | ${mid.seconds.toFixed(2)} | ${mid.maxRssMb.toFixed(0)} |`);
}
writeFileSync(join(OUT, "results.json"), JSON.stringify({ packages, results }, null, 2));
process.stdout.write(lines.join("\n") + "\n");
