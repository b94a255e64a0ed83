// Benchmark: syncing a generated 60,000-package repository (about 300 MB of primary XML)
// through the real CLI, next to libsolv's rpmmd2solv and createrepo_c's parser on the same
// file, in interleaved rounds. Usage: npm run bench -- [--packages N] [--rounds N] [--compressions gz,xz,zst]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateRepo } from "./generate-repo.js";
import { benchArg } from "./bench-arg.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out");
const CLI = join(ROOT, "bin", "elscope.js");

const packages = Number(benchArg("packages", "60000"));
const rounds = Number(benchArg("rounds", "3"));
const compressions = benchArg("compressions", "gz,xz,zst").split(",") as ("gz" | "xz" | "zst")[];
const DECOMPRESS: Record<string, string> = { gz: "gzip -dc", xz: "xz -dc", zst: "zstd -dc" };

interface Sample {
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Runs a command under GNU time and returns wall seconds and peak RSS (of it and its children). */
function timed(cmd: readonly string[]): Sample {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...cmd], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const last = r.stderr.trim().split("\n").pop() ?? "";
  const [secs, kb] = last.split(" ").map(Number);
  return { seconds: secs ?? NaN, maxRssMb: (kb ?? NaN) / 1024 };
}

function repoFor(c: "gz" | "xz" | "zst"): { dir: string; file: string; xmlMb: number; fileMb: number } {
  const dir = join(OUT, `repo-${packages}-${c}`);
  const meta = join(dir, "bench.json");
  if (!existsSync(meta)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${packages} packages (${c}) ...\n`);
    const r = generateRepo(dir, { packages, compression: c });
    writeFileSync(meta, JSON.stringify({ xmlMb: r.xmlBytes / 1e6, fileMb: r.fileBytes / 1e6 }));
  }
  const m = JSON.parse(readFileSync(meta, "utf8")) as { xmlMb: number; fileMb: number };
  const file = join(dir, "repodata", readdirSync(join(dir, "repodata")).find((n) => n.includes("primary")) ?? "");
  return { dir, file, ...m };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const hasCreaterepoPython = spawnSync(python, ["-c", "import createrepo_c"]).status === 0;
const crScript = join(OUT, "createrepo-c-parse.py");
mkdirSync(OUT, { recursive: true });
writeFileSync(
  crScript,
  "import sys, createrepo_c as cr\nn = [0]\ndef cb(p):\n    n[0] += 1\n    return True\ncr.xml_parse_primary(sys.argv[1], pkgcb=cb, do_files=False)\nassert n[0] > 0\n",
);

const results: Record<string, Record<string, Sample[]>> = {};
for (const c of compressions) results[c] = { elscope: [], rpmmd2solv: [], createrepo_c: [] };
const repos = Object.fromEntries(compressions.map((c) => [c, repoFor(c)]));

for (let round = 1; round <= rounds; round++) {
  for (const c of compressions) {
    const repo = repos[c];
    if (repo === undefined) continue;
    const db = join(OUT, "bench.db");
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const bucket = results[c] as Record<string, Sample[]>;
    const e = timed([
      process.execPath,
      CLI,
      "--db",
      db,
      "sync",
      "--url",
      repo.dir,
      "--as",
      "bench:9/AppStream/x86_64",
      "--new-repo",
      "--json",
    ]);
    const count = execFileSync(process.execPath, [CLI, "--db", db, "repos", "--json"], { encoding: "utf8" });
    if (!count.includes(`"packages": ${packages}`)) throw new Error(`elscope stored the wrong count: ${count}`);
    bucket["elscope"]?.push(e);
    bucket["rpmmd2solv"]?.push(timed(["bash", "-c", `${DECOMPRESS[c]} '${repo.file}' | rpmmd2solv > /dev/null`]));
    if (hasCreaterepoPython && c !== "zst") bucket["createrepo_c"]?.push(timed([python, crScript, repo.file]));
    process.stderr.write(`round ${round}/${rounds} ${c}: elscope ${e.seconds}s ${Math.round(e.maxRssMb)} MB\n`);
  }
}

const lines = [
  `Sync of a generated ${packages.toLocaleString("en-US")}-package repository, median of ${rounds} interleaved rounds, on ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| compression | primary XML / file (MB) | elscope sync (s) | elscope peak RSS (MB) | rpmmd2solv (s) | createrepo_c parser (s) | elscope / rpmmd2solv |",
  "|---|---|---|---|---|---|---|",
];
const summary: Record<string, unknown> = {};
for (const c of compressions) {
  const r = results[c] as Record<string, Sample[]>;
  const repo = repos[c] as { xmlMb: number; fileMb: number };
  const el = median((r["elscope"] ?? []).map((s) => s.seconds));
  const rss = Math.max(...(r["elscope"] ?? []).map((s) => s.maxRssMb));
  const solv = median((r["rpmmd2solv"] ?? []).map((s) => s.seconds));
  const crs = r["createrepo_c"] ?? [];
  const cr = crs.length > 0 ? median(crs.map((s) => s.seconds)) : null;
  summary[c] = {
    elscopeSeconds: el,
    elscopePeakRssMb: rss,
    rpmmd2solvSeconds: solv,
    createrepoCSeconds: cr,
    ratio: el / solv,
  };
  lines.push(
    `| ${c} | ${repo.xmlMb.toFixed(0)} / ${repo.fileMb.toFixed(0)} | ${el.toFixed(2)} | ${rss.toFixed(0)} | ${solv.toFixed(2)} | ${cr === null ? "n/a" : cr.toFixed(2)} | ${(el / solv).toFixed(2)} |`,
  );
}
writeFileSync(join(OUT, "results.json"), JSON.stringify({ packages, rounds, results: summary }, null, 2));
process.stdout.write(lines.join("\n") + "\n");
