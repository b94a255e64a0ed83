// Benchmark: syncing a generated 60,000-package repository (about 300 MB of primary XML)
// through the real CLI, next to libsolv's rpmmd2solv and createrepo_c's parser on the same
// file, in interleaved rounds. Usage: npm run bench -- [--packages N] [--rounds N] [--compressions gz,xz,zst]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArg } from "./bench-arg.js";
import { benchRepo } from "./bench-repo.js";
import { cliArgv } from "./cli-argv.js";
import { median } from "./median.js";
import { type Sample, timed } from "./timed.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out");

const packages = Number(benchArg("packages", "60000"));
const rounds = Number(benchArg("rounds", "3"));
const compressions = benchArg("compressions", "gz,xz,zst").split(",") as ("gz" | "xz" | "zst")[];
const DECOMPRESS: Record<string, string> = { gz: "gzip -dc", xz: "xz -dc", zst: "zstd -dc" };
// Where lzma-native is installed (a development dependency), xz is also synced through it
// (ELSCOPE_XZ_DECODER=native, src/sources/xz-decoder.ts) in the same rounds, beside the system xz.
const XZ_OTHER = "xz (lzma-native)";
const hasLzmaNative = (() => {
  try {
    createRequire(import.meta.url).resolve("lzma-native");
    return true;
  } catch {
    return false;
  }
})();

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
if (compressions.includes("xz") && hasLzmaNative) results[XZ_OTHER] = { elscope: [], rpmmd2solv: [], createrepo_c: [] };
const repos = Object.fromEntries(compressions.map((c) => [c, benchRepo(OUT, packages, c)]));
const rows: readonly string[] = compressions.flatMap((c) => (c === "xz" && hasLzmaNative ? [c, XZ_OTHER] : [c]));

for (let round = 1; round <= rounds; round++) {
  for (const row of rows) {
    const c = row === XZ_OTHER ? "xz" : (row as "gz" | "xz" | "zst");
    const repo = repos[c];
    if (repo === undefined) continue;
    const db = join(OUT, "bench.db");
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const bucket = results[row] as Record<string, Sample[]>;
    const sync = cliArgv([
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
    const e = timed(sync, row === XZ_OTHER ? { ELSCOPE_XZ_DECODER: "native" } : {});
    const count = execFileSync(process.execPath, cliArgv(["--db", db, "repos", "--json"]).slice(1), {
      encoding: "utf8",
    });
    if (!count.includes(`"packages": ${packages}`)) throw new Error(`elscope stored the wrong count: ${count}`);
    bucket["elscope"]?.push(e);
    if (row !== XZ_OTHER) {
      bucket["rpmmd2solv"]?.push(timed(["bash", "-c", `${DECOMPRESS[c]} '${repo.file}' | rpmmd2solv > /dev/null`]));
      if (hasCreaterepoPython && c !== "zst") bucket["createrepo_c"]?.push(timed([python, crScript, repo.file]));
    }
    process.stderr.write(`round ${round}/${rounds} ${row}: elscope ${e.seconds}s ${Math.round(e.maxRssMb)} MB\n`);
  }
}

const lines = [
  `Sync of a generated ${packages.toLocaleString("en-US")}-package repository, median of ${rounds} interleaved rounds, on ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| compression | primary XML / file (MB) | elscope sync (s) | elscope peak RSS (MB) | rpmmd2solv (s) | createrepo_c parser (s) | elscope / rpmmd2solv | elscope / createrepo_c |",
  "|---|---|---|---|---|---|---|---|",
];
const summary: Record<string, unknown> = {};
for (const row of rows) {
  const c = row === XZ_OTHER ? "xz" : row;
  const r = results[row] as Record<string, Sample[]>;
  // lzma-native's row is compared with the peers measured for xz in the same rounds.
  const peers = results[c] as Record<string, Sample[]>;
  const repo = repos[c] as { xmlMb: number; fileMb: number };
  const el = median((r["elscope"] ?? []).map((s) => s.seconds));
  const rss = Math.max(...(r["elscope"] ?? []).map((s) => s.maxRssMb));
  const solv = median((peers["rpmmd2solv"] ?? []).map((s) => s.seconds));
  const crs = peers["createrepo_c"] ?? [];
  const cr = crs.length > 0 ? median(crs.map((s) => s.seconds)) : null;
  summary[row] = {
    elscopeSeconds: el,
    elscopePeakRssMb: rss,
    rpmmd2solvSeconds: solv,
    createrepoCSeconds: cr,
    ratio: el / solv,
    ratioCreaterepoC: cr === null ? null : el / cr,
  };
  lines.push(
    `| ${row} | ${repo.xmlMb.toFixed(0)} / ${repo.fileMb.toFixed(0)} | ${el.toFixed(2)} | ${rss.toFixed(0)} | ${solv.toFixed(2)} | ${cr === null ? "n/a" : cr.toFixed(2)} | ${(el / solv).toFixed(2)} | ${cr === null ? "n/a" : (el / cr).toFixed(2)} |`,
  );
}
writeFileSync(join(OUT, "results.json"), JSON.stringify({ packages, rounds, results: summary }, null, 2));
process.stdout.write(lines.join("\n") + "\n");
