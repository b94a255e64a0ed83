// Benchmark: lag, parity and diff on a generated store of 5 distributions x 3 releases x 30,000
// packages, built by syncing generated repositories through the real CLI.
// Usage: npm run bench:compare -- [--packages N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateRepo, type Variant } from "./generate-repo.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out", "compare");
const CLI = join(ROOT, "bin", "elscope.js");
const i = process.argv.indexOf("--packages");
const packages = i === -1 ? 30000 : Number(process.argv[i + 1]);

// The reference and four distributions that differ from it the way real rebuilds do: most builds
// identical, some marked as modified, a few missing, some of their own, each with its own delays.
const HOUR = 3600;
const VARIANTS: Record<string, Variant> = {
  rhel: {},
  "centos-stream": { shift: (n) => -((n % 30) + 1) * 24 * HOUR },
  almalinux: {
    release: (n, r) => (n % 97 === 0 ? null : n % 50 === 0 ? `${r}.alma.1` : r),
    shift: (n) => ((n % 7) * 24 + (n % 13)) * HOUR,
    extra: 40,
  },
  rocky: {
    release: (n, r) => (n % 61 === 0 ? null : n % 45 === 0 ? `${r}.rocky.0.1` : r),
    shift: (n) => ((n % 11) * 24 + (n % 5)) * HOUR,
    extra: 25,
  },
  oracle: {
    release: (n, r) => (n % 71 === 0 ? null : n % 40 === 0 ? r.replace(/\.el9/, ".0.1.el9") : r),
    shift: (n) => ((n % 5) * 24 + 3) * HOUR,
    extra: 60,
  },
};
const RELEASES = ["9.4", "9.5", "9"];

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
if (!existsSync(db)) {
  const started = Date.now();
  for (const [distro, variant] of Object.entries(VARIANTS)) {
    for (const [k, release] of RELEASES.entries()) {
      const dir = join(OUT, `${distro}-${release}`);
      rmSync(dir, { recursive: true, force: true });
      generateRepo(dir, { packages, compression: "gz", seed: 7, bump: k === 0 ? 0 : 7 + k, variant, level: 1 });
      timed([
        "--db",
        db,
        "sync",
        "--url",
        dir,
        "--as",
        `${distro}:${release}/AppStream/x86_64`,
        "--new-repo",
        "--json",
      ]);
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`stored ${distro}:${release}\n`);
    }
  }
  process.stderr.write(`store built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

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
