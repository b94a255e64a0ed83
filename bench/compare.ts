// Benchmark: every analysis on a generated store of 5 distributions x 3 releases x 30,000 packages
// (about 450,000 package rows), built by syncing generated repositories through the real CLI, next
// to a yardstick that does not depend on the machine: reading every package row of the store once
// (`select *` through better-sqlite3) in the same run. Rounds are interleaved, so a busy machine
// slows every command alike. Usage: npm run bench:compare -- [--packages N] [--rounds N] [--db FILE]
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { benchArg } from "./bench-arg.js";
import { cliArgv } from "./cli-argv.js";
import { buildComparisonStore, COMPARE_OUT as OUT, VARIANTS } from "./comparison-store.js";
import { generateRepo } from "./generate-repo.js";
import { median } from "./median.js";

const packages = Number(benchArg("packages", "30000"));
const rounds = Number(benchArg("rounds", "3"));

interface Sample {
  readonly seconds: number;
  readonly maxRssMb: number;
}

/** Exit code 6: the store has no data for the command (the generated store has packages only). */
const NO_DATA = 6;

function timed(cmd: readonly string[]): Sample | null {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...cmd], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status === NO_DATA) return null;
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const [secs, kb] = (r.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
  return { seconds: secs ?? NaN, maxRssMb: (kb ?? NaN) / 1024 };
}

mkdirSync(OUT, { recursive: true });
const built = join(OUT, `store-${packages}.db`);
const given = benchArg("db", "");
if (given === "" && !existsSync(built)) buildComparisonStore([built], packages);
// A copy: the first command migrates an older store, and that is not what is measured.
const db = join(OUT, "measured.db");
// A killed run's write-ahead log belongs to the old copy: SQLite must not read it with this one.
for (const side of ["-wal", "-shm"]) rmSync(db + side, { force: true });
copyFileSync(given === "" ? built : given, db);
timed(cliArgv(["--db", db, "repos"]));

const node = (args: readonly string[]): string[] => cliArgv(["--db", db, ...args]);
// The yardstick: every package row read once, nothing else.
const yardstick = [
  process.execPath,
  "--input-type=module",
  "-e",
  `import Database from ${JSON.stringify(createRequire(import.meta.url).resolve("better-sqlite3"))};` +
    `let n = 0; for (const _ of new Database(${JSON.stringify(db)}, { readonly: true }).prepare("select * from packages").iterate()) n++;`,
];
const rebuilds = "almalinux,rocky,oracle,centos-stream";
// Every other command reads the folds the first round kept, as a question after another does.
const AFRESH = ", folded afresh";
// A real sync first (untimed): rocky 9.5 gets a new snapshot, with new builds each round, and the
// question after it is timed. The sync folds again what its writes made unread (refreshBuildFolds).
const AFTER_SYNC = ", first question after a sync";
const resync = (round: number): void => {
  const dir = join(OUT, "rocky-9.5-resync");
  rmSync(dir, { recursive: true, force: true });
  generateRepo(dir, { packages, compression: "gz", seed: 7, bump: 20 + round, variant: VARIANTS["rocky"], level: 1 });
  const s = timed(node(["sync", "--url", dir, "--as", "rocky:9.5/AppStream/x86_64", "--json"]));
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(
    `round ${round + 1}: sync of rocky:9.5 before the next question: ${s === null ? "failed" : `${s.seconds.toFixed(2)} s`}\n`,
  );
};
// Put aside for that one command and put back after it, so the others still find them.
const asideFolds = (back: boolean): void => {
  const BetterSqlite3 = createRequire(import.meta.url)("better-sqlite3") as new (path: string) => {
    exec(sql: string): void;
    close(): void;
  };
  const conn = new BetterSqlite3(db);
  conn.exec(
    back
      ? "delete from build_folds; insert into build_folds select * from bench_folds_aside; drop table bench_folds_aside"
      : "drop table if exists bench_folds_aside; create table bench_folds_aside as select * from build_folds; delete from build_folds",
  );
  conn.close();
};
const runs: [string, string[]][] = [
  ["yardstick: select * from packages", yardstick],
  ["lag --summary, 4 rebuilds, one release", node(["lag", "--rebuild", rebuilds, "--release", "9.4", "--summary"])],
  ["lag --summary, 4 rebuilds, whole major", node(["lag", "--rebuild", rebuilds, "--release", "9", "--summary"])],
  // The first question after a sync: no fold of the builds kept yet (see src/store/build-folds.ts).
  [
    "lag --summary, 4 rebuilds, whole major, folded afresh",
    node(["lag", "--rebuild", rebuilds, "--release", "9", "--summary"]),
  ],
  [
    `lag --summary, 4 rebuilds, whole major${AFTER_SYNC}`,
    node(["lag", "--rebuild", rebuilds, "--release", "9", "--summary"]),
  ],
  ["lag --json, 4 rebuilds, one release", node(["lag", "--rebuild", rebuilds, "--release", "9.4", "--json"])],
  ["lag --json, 4 rebuilds, whole major", node(["lag", "--rebuild", rebuilds, "--json"])],
  ["lag, one package, 4 rebuilds", node(["lag", "--rebuild", rebuilds, "--package", "pkg0", "--json"])],
  ["parity, 4 rebuilds", node(["parity", "--rebuild", rebuilds, "--release", "9.4", "--json"])],
  ["diff by binary", node(["diff", "rhel:9.4/AppStream/x86_64", "almalinux:9.4/AppStream/x86_64", "--json"])],
  [
    "diff by source",
    node(["diff", "rhel:9.4/AppStream/x86_64", "rhel:9.5/AppStream/x86_64", "--by", "source", "--json"]),
  ],
  ["advisories (errata lag)", node(["advisories", "--rebuild", "almalinux", "--json"])],
  ["release lag", node(["release-lag", "--json"])],
  ["report", node(["report", "--out", join(OUT, "report")])],
];
const samples = new Map<string, Sample[]>(runs.map(([label]) => [label, []]));
for (let round = 0; round < rounds; round++) {
  for (const [label, cmd] of runs) {
    if (label.endsWith(AFRESH)) asideFolds(false);
    if (label.endsWith(AFTER_SYNC)) resync(round);
    const s = timed(cmd);
    if (label.endsWith(AFRESH)) asideFolds(true);
    if (s !== null) samples.get(label)?.push(s);
    process.stderr.write(
      `round ${round + 1}: ${label}: ${s === null ? "no data" : `${s.seconds.toFixed(2)} s, ${s.maxRssMb.toFixed(0)} MB`}\n`,
    );
  }
}
const mid = (label: string, f: (s: Sample) => number): number => median((samples.get(label) ?? []).map(f));
const floor = mid(runs[0]?.[0] ?? "", (s) => s.seconds);
const lines = [
  `Store: 5 distributions x 3 releases x ${packages.toLocaleString("en-US")} packages (about ${(15 * packages).toLocaleString("en-US")} package rows); medians of ${rounds} interleaved rounds, each command a fresh process.`,
  "",
  "| command | × yardstick (time) | seconds | peak RSS (MB) |",
  "|---|---|---|---|",
  ...runs.map(([label]) => {
    if ((samples.get(label) ?? []).length === 0) return `| ${label} | no data in this store | | |`;
    const secs = mid(label, (s) => s.seconds);
    return `| ${label} | ${(secs / floor).toFixed(2)} | ${secs.toFixed(2)} | ${mid(label, (s) => s.maxRssMb).toFixed(0)} |`;
  }),
];
writeFileSync(
  join(OUT, "results.json"),
  JSON.stringify({ packages, rounds, samples: Object.fromEntries(samples) }, null, 2),
);
process.stdout.write(lines.join("\n") + "\n");
