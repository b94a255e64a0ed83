// Benchmark: the dashboard's main requests on one PostgreSQL store of about 10 million package rows
// (354 repositories x 30 weekly snapshots, made in the database by bench/large-store.sql, not synced
// through the CLI), each request's first answer and answers computed again: median and p95.
// Usage: npm run bench:pg-large -- [--rounds N] [--cap SECONDS]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { benchPg } from "./bench-pg.js";
import { cliArgv } from "./cli-argv.js";
import { runCli } from "./comparison-store.js";
import { forgetAnswers, quantile, serve, timeGet, type Timing } from "./serve-api.js";
import { benchArg } from "./bench-arg.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out", "large");
const rounds = Number(benchArg("rounds", "4"));
// A request slower than this is timed once and reported as it is, not repeated.
const capMs = Number(benchArg("cap", "120")) * 1000;
mkdirSync(OUT, { recursive: true });
const free = statfsSync(OUT);
const freeGb = (free.bavail * free.bsize) / 2 ** 30;
process.stderr.write(`${freeGb.toFixed(0)} GB free in ${OUT}\n`);
const done = join(OUT, "store.done");
if (!existsSync(done) && freeGb < 15)
  throw new Error("the 10M-row store needs about 10 GB (table, indexes, WAL): free some disk");

const { cluster, url } = await benchPg(join(OUT, "pg"), "large", !existsSync(done));
const client = new pg.Client({ connectionString: url });
await client.connect();
if (!existsSync(done)) {
  runCli(["--db", url, "repos", "--json"]); // the CLI migrates the empty database: the store's own schema
  const text = readFileSync(join(ROOT, "bench", "large-store.sql"), "utf8");
  // One statement at a time, so the log shows where the minutes go.
  for (const statement of text
    .split(/;\n/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/^--.*$/gm, "").trim() !== "")) {
    const t = performance.now();
    await client.query(statement);
    const first = statement.split("\n").find((l) => l !== "" && !l.startsWith("--")) ?? "";
    process.stderr.write(`${((performance.now() - t) / 1000).toFixed(1)} s  ${first.slice(0, 90)}\n`);
  }
  const t = performance.now();
  await client.query("vacuum (analyze) repositories, snapshots, packages");
  process.stderr.write(`${((performance.now() - t) / 1000).toFixed(1)} s  vacuum analyze\n`);
  writeFileSync(done, new Date().toISOString() + "\n");
}
const sizes = await client.query<{ rows: number; snapshots: number; repos: number; table: string; total: string }>(
  `select (select count(*) from packages)::int as rows, (select count(*) from snapshots)::int as snapshots,
          (select count(*) from repositories)::int as repos,
          pg_size_pretty(pg_relation_size('packages')) as table, pg_size_pretty(pg_total_relation_size('packages')) as total`,
);
const size = sizes.rows[0];
process.stderr.write(`${JSON.stringify(size)}\n`);

// The store's own commands read the generated rows: the check that they are what sync would write.
const verify: string[] = [];
const cli = (args: string[]): void => {
  const t = performance.now();
  const r = spawnSync(process.execPath, cliArgv(["--db", url, ...args]).slice(1), {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  const s = ((performance.now() - t) / 1000).toFixed(1);
  const lines = r.stdout.split("\n");
  verify.push(
    `$ elscope ${args.join(" ")}   # exit ${r.status}, ${s} s, ${lines.length} lines`,
    ...lines.slice(0, 12),
    r.stderr.slice(-500),
    "",
  );
  process.stderr.write(`elscope ${args.join(" ")}: exit ${r.status}, ${s} s\n`);
};
cli(["repos"]);
cli(["packages", "rhel:9.4/BaseOS/x86_64", "--name", "openssl*"]);
cli(["packages", "almalinux:9.4/AppStream/x86_64", "--name", "nodejs*"]);
cli(["lag", "--rebuild", "almalinux,rocky", "--package", "openssl"]);
cli(["lag", "--rebuild", "almalinux,rocky,oracle,centos-stream", "--release", "9.4", "--summary"]);
cli(["parity", "--rebuild", "almalinux,rocky,oracle", "--release", "9.4"]);
writeFileSync(join(OUT, "verify.txt"), verify.join("\n"));

const server = await serve(url);
const rebuilds = "almalinux,rocky,oracle,centos-stream";
// The dashboard's requests (src/server/dashboard-page.ts): overview (report, repositories, badges),
// package lag (its default asks for every release), lag, packages (one package), parity, mirrors, images.
const endpoints: [string, string][] = [
  ["repositories", "/api/repos"],
  ["release lag", "/api/release-lag"],
  ["the whole report (overview)", "/api/report"],
  ["a badge (package lag)", "/api/badge/almalinux/package-lag.svg"],
  ["a badge (parity)", "/api/badge/almalinux/parity.svg"],
  ["one package's lag, 4 rebuilds", `/api/lag?rebuild=${rebuilds}&package=openssl`],
  ["packages of one repository, by name", "/api/packages?repo=rhel:9.4/AppStream/x86_64&name=nodejs-10-devel"],
  ["parity, 4 rebuilds, 9.5", `/api/parity?rebuild=${rebuilds}&release=9.5`],
  ["mirrors", "/api/mirrors"],
  ["images", "/api/images"],
  ["lag of a release, 4 rebuilds (9.4)", `/api/lag?rebuild=${rebuilds}&release=9.4`],
  ["lag of every release, 4 rebuilds (the view's default)", `/api/lag?rebuild=${rebuilds}&release=`],
];
const ms = (x: number): string => Math.round(x).toLocaleString("en-US");
const results: Record<string, { first: Timing | string; computed: number[] }> = {};
for (const [label, path] of endpoints) {
  let first: Timing | string;
  const t = performance.now();
  try {
    first = await timeGet(server.base + path, capMs * 5);
  } catch (e) {
    first = `failed after ${ms(performance.now() - t)} ms: ${(e as Error).message}`;
  }
  const computed: number[] = [];
  if (typeof first !== "string" && first.ms <= capMs) {
    for (let r = 0; r < rounds; r++) {
      await forgetAnswers(url);
      computed.push((await timeGet(server.base + path, capMs * 5)).ms);
    }
  }
  results[label] = { first, computed };
  process.stderr.write(
    `${label}: ${typeof first === "string" ? first : `${Math.round(first.ms)} ms (HTTP ${first.status}, ${first.bytes} bytes)`}; then ${computed.map(Math.round).join(", ")} ms\n`,
  );
}
server.process.kill("SIGTERM");
await client.end();
cluster.stop();

const lines = [
  "| request | first (ms) | computed again: median (ms) | p95 (ms) | runs | bytes |",
  "|---|---|---|---|---|---|",
];
for (const [label, { first, computed }] of Object.entries(results)) {
  if (typeof first === "string") {
    lines.push(`| ${label} | ${first} | n/a | n/a | 1 | n/a |`);
    continue;
  }
  const all = [first.ms, ...computed].sort((a, b) => a - b);
  lines.push(
    `| ${label}${first.status === 200 ? "" : ` (HTTP ${first.status})`} | ${ms(first.ms)} | ${computed.length === 0 ? "not repeated" : ms(quantile(all, 0.5))} | ${computed.length === 0 ? "n/a" : ms(quantile(all, 0.95))} | ${all.length} | ${first.bytes.toLocaleString("en-US")} |`,
  );
}
writeFileSync(join(OUT, "results.json"), JSON.stringify({ size, rounds, results }, null, 2));
process.stdout.write(
  `PostgreSQL store of ${size?.rows.toLocaleString("en-US")} package rows (${size?.repos} repositories, ${size?.snapshots} snapshots; packages table ${size?.table}, ${size?.total} with indexes), on ${new Date().toISOString().slice(0, 10)}; median and p95 over the first answer and ${rounds} computed again:\n\n${lines.join("\n")}\n`,
);
