// Benchmark: the dashboard's API requests on the comparison store that `npm run bench:compare` builds
// (5 distributions x 3 releases x 30,000 packages, about 450,000 package rows), on SQLite and on
// PostgreSQL holding the same rows, through two real `elscope serve` on 127.0.0.1, the requests
// interleaved (SQLite then PostgreSQL, then the other way round) so both see the same machine load.
// Usage: npm run bench:serve -- [--packages N] [--rounds N] [--sqlite-only]
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchPg } from "./bench-pg.js";
import { buildComparisonStore, COMPARE_OUT } from "./comparison-store.js";
import { forgetAnswers, quantile, type Served, serve, timeGet, type Timing } from "./serve-api.js";
import { benchArg } from "./bench-arg.js";

const packages = Number(benchArg("packages", "30000"));
const rounds = Number(benchArg("rounds", "3"));
const sqliteOnly = process.argv.includes("--sqlite-only");
mkdirSync(COMPARE_OUT, { recursive: true });
const sqlite = join(COMPARE_OUT, `store-${packages}.db`);
// A marker written once the PostgreSQL copy is complete: a run killed while building starts over.
const pgDone = join(COMPARE_OUT, `pg-${packages}.done`);

const pgNeeded = !sqliteOnly && !existsSync(pgDone);
const pg = sqliteOnly ? undefined : await benchPg(join(COMPARE_OUT, "pg"), `compare_${packages}`, pgNeeded);
const missing = [...(existsSync(sqlite) ? [] : [sqlite]), ...(pg !== undefined && pgNeeded ? [pg.url] : [])];
if (missing.length > 0) buildComparisonStore(missing, packages);
if (pgNeeded) writeFileSync(pgDone, new Date().toISOString() + "\n");

const stores: { name: string; db: string }[] = [
  { name: "SQLite", db: sqlite },
  ...(pg === undefined ? [] : [{ name: "PostgreSQL", db: pg.url }]),
];
const servers: Served[] = [];
for (const s of stores) servers.push(await serve(s.db));

const rebuilds = "almalinux,rocky,oracle,centos-stream";
// What the dashboard's views ask for (src/server/dashboard-page.ts), and the package list.
const endpoints: [string, string][] = [
  ["repositories", "/api/repos"],
  ["release lag (every view's defaults)", "/api/release-lag"],
  ["packages of one repository, by name", "/api/packages?repo=rhel:9.4/AppStream/x86_64&name=pkg1k-devel"],
  ["one package's lag, 4 rebuilds", `/api/lag?rebuild=${rebuilds}&package=pkg1k`],
  ["lag of a release, 4 rebuilds", `/api/lag?rebuild=${rebuilds}&release=9.4`],
  ["parity, 4 rebuilds", `/api/parity?rebuild=${rebuilds}&release=9.4`],
  ["errata lag of one rebuild", "/api/advisories?rebuild=almalinux"],
  ["mirrors", "/api/mirrors"],
  ["images", "/api/images"],
  ["the whole report (overview)", "/api/report"],
  ["a badge (package lag)", "/api/badge/almalinux/package-lag.svg"],
  ["a badge (parity)", "/api/badge/almalinux/parity.svg"],
];

interface Result {
  first: Timing;
  computed: number[];
  cached: number[];
}
const results: Record<string, Record<string, Result>> = {};
const median = (xs: readonly number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
// Alternating which store goes first, so neither always meets the other's leftovers (caches, GC).
const order = (k: number): number[] => (k % 2 === 0 ? stores.map((_, i) => i) : stores.map((_, i) => i).reverse());
let turn = 0;
for (const [label, path] of endpoints) {
  const per: Record<string, Result> = {};
  for (const i of order(turn++)) {
    const s = stores[i] as { name: string };
    per[s.name] = { first: await timeGet((servers[i] as Served).base + path), computed: [], cached: [] };
  }
  // Computed again: the first answer of a warm server, as after each sync.
  for (let r = 0; r < rounds; r++) {
    for (const i of order(turn++)) {
      const s = stores[i] as { name: string; db: string };
      await forgetAnswers(s.db);
      (per[s.name] as Result).computed.push((await timeGet((servers[i] as Served).base + path)).ms);
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const i of order(turn++)) {
      const s = stores[i] as { name: string };
      (per[s.name] as Result).cached.push((await timeGet((servers[i] as Served).base + path)).ms);
    }
  }
  results[label] = per;
  process.stderr.write(
    `${label}: ${Object.entries(per)
      .map(
        ([n, x]) =>
          `${n} first ${Math.round(x.first.ms)} ms, computed ${Math.round(median(x.computed))} ms, cached ${Math.round(median(x.cached))} ms`,
      )
      .join("; ")}\n`,
  );
}
for (const s of servers) s.process.kill("SIGTERM");
pg?.cluster.stop();

const ms = (x: number): string => Math.round(x).toLocaleString("en-US");
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : "n/a");
const status = (t: Timing): string => (t.status === 200 ? "" : ` (HTTP ${t.status})`);
const lines: string[] = [];
if (pg === undefined) {
  lines.push("| request | first (ms) | computed, median (ms) | cached, median (ms) | bytes |", "|---|---|---|---|---|");
  for (const [label, per] of Object.entries(results)) {
    const a = per["SQLite"] as Result;
    lines.push(
      `| ${label}${status(a.first)} | ${ms(a.first.ms)} | ${ms(median(a.computed))} | ${ms(median(a.cached))} | ${a.first.bytes.toLocaleString("en-US")} |`,
    );
  }
} else {
  lines.push(
    "| request | first: SQLite (ms) | first: PG (ms) | first: PG/SQLite | computed: SQLite (ms) | computed: PG (ms) | computed: PG/SQLite | cached: SQLite (ms) | cached: PG (ms) | cached: PG/SQLite | bytes |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const [label, per] of Object.entries(results)) {
    const a = per["SQLite"] as Result;
    const b = per["PostgreSQL"] as Result;
    const [ca, cb, ka, kb] = [median(a.computed), median(b.computed), median(a.cached), median(b.cached)];
    lines.push(
      `| ${label}${status(a.first)}${a.first.bytes === b.first.bytes ? "" : ` (bytes differ: PG ${b.first.bytes.toLocaleString("en-US")})`} | ${ms(a.first.ms)} | ${ms(b.first.ms)} | ${ratio(b.first.ms, a.first.ms)} | ${ms(ca)} | ${ms(cb)} | ${ratio(cb, ca)} | ${ms(ka)} | ${ms(kb)} | ${ratio(kb, ka)} | ${a.first.bytes.toLocaleString("en-US")} |`,
    );
  }
}
writeFileSync(join(COMPARE_OUT, "serve-results.json"), JSON.stringify({ packages, rounds, results }, null, 2));
process.stdout.write(
  `API on the comparison store (${packages.toLocaleString("en-US")} packages per repository; ${stores.map((s) => s.name).join(" and ")}), first request of a new server, then medians of ${rounds} answers computed again and ${rounds} cached, on ${new Date().toISOString().slice(0, 10)}:\n\n${lines.join("\n")}\n`,
);
