// Benchmark: 1 worker against 3 workers syncing a generated mirror of 200 small repositories
// served on loopback, every request delayed as a distant mirror's round trips delay it. Each run
// gets a new PostgreSQL database; `elscope schedule --once` enqueues the syncs, then N
// `elscope worker` processes (one job at a time each) drain the queue through the real CLI.
// Usage: npm run bench:workers -- [--repos N] [--packages N] [--latency MS] [--workers 1,3]
// PostgreSQL: ELSCOPE_BENCH_PG (a URL whose user may create databases), else a throwaway cluster.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startPgCluster } from "../test/helpers/pg-cluster.js";
import { startStaticServer } from "../test/helpers/static-server.js";
import { generateRepo } from "./generate-repo.js";
import { benchArg } from "./bench-arg.js";
import { cliArgv } from "./cli-argv.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out", "workers");
const repos = Number(benchArg("repos", "200"));
const packages = Number(benchArg("packages", "300"));
const latency = Number(benchArg("latency", "75"));
const counts = benchArg("workers", "1,3").split(",").map(Number);
const name = (i: number): string => `R${String(i).padStart(3, "0")}`;

mkdirSync(OUT, { recursive: true });
const www = join(OUT, "www");
rmSync(www, { recursive: true, force: true });
for (let i = 1; i <= repos; i++)
  generateRepo(join(www, "9", name(i), "x86_64", "os"), { packages, compression: "gz", seed: i, level: 1 });
// Every request waits 50-100 ms (75 ms on average by default): a mirror a continent away.
const server = await startStaticServer(www, undefined, "127.0.0.1", {
  latencyMs: [latency * (2 / 3), latency * (4 / 3)],
});
const catalog = join(OUT, "catalog");
mkdirSync(catalog, { recursive: true });
writeFileSync(
  join(catalog, "benchel.yaml"),
  `id: benchel
name: Bench EL
role: rebuild
upstream: rhel
website: https://example.invalid/
mirrors: ["${server.url}"]
urls:
  binary: "{mirror}/{release}/{path}/{arch}/os/"
majors:
  - major: "9"
    minors: []
    arches: [x86_64]
    repos:
${Array.from({ length: repos }, (_, i) => `      - { name: ${name(i + 1)} }`).join("\n")}
`,
);

const given = process.env["ELSCOPE_BENCH_PG"];
const cluster = given === undefined || given === "" ? await startPgCluster() : null;
const serverUrl = given ?? cluster?.url ?? "";
const env = {
  ...process.env,
  ELSCOPE_CATALOG: catalog,
  ELSCOPE_JOB_POLL_SECONDS: "1",
  ELSCOPE_PG_POOL: "4",
};

async function freshDatabase(label: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const db = `bench_${label}_${Date.now()}`;
  await client.query(`create database ${db}`);
  await client.end();
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

async function unfinished(db: string): Promise<number> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      "select count(*) n from pgboss.job where name = 'sync' and state not in ('completed', 'failed')",
    );
    const failed = await client.query<{ n: string }>("select count(*) n from pgboss.job where state = 'failed'");
    if (Number(failed.rows[0]?.n) > 0) throw new Error(`${failed.rows[0]?.n} jobs failed`);
    return Number(r.rows[0]?.n);
  } finally {
    await client.end();
  }
}

function startWorker(db: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, cliArgv(["--db", db, "worker", "--queues", "sync"]).slice(1), {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      if (err.includes("taking jobs")) resolve(child);
    });
    child.on("close", (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
}

const results: { workers: number; seconds: number; perSecond: number }[] = [];
for (const n of counts) {
  const db = await freshDatabase(`w${n}`);
  const plan = spawnSync(
    process.execPath,
    cliArgv(["--db", db, "schedule", "--once", "--distro", "benchel", "--queues", "sync"]).slice(1),
    {
      env,
      encoding: "utf8",
    },
  );
  if (plan.status !== 0) throw new Error(plan.stderr);
  // The clock starts once every worker is up and ready, so process start-up is not counted.
  const workers = await Promise.all(Array.from({ length: n }, () => startWorker(db)));
  const started = Date.now();
  while ((await unfinished(db)) > 0) await new Promise((r) => setTimeout(r, 200));
  const seconds = (Date.now() - started) / 1000;
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on("exit", r)))));
  results.push({ workers: n, seconds, perSecond: repos / seconds });
  process.stdout.write(
    `${n} worker(s): ${repos} repositories in ${seconds.toFixed(1)} s (${(repos / seconds).toFixed(2)}/s)\n`,
  );
}
await server.close();
cluster?.stop();

const base = results[0];
process.stdout.write(
  `\n| workers | repositories | packages each | latency per request (ms) | throughput vs ${base?.workers ?? 1} worker |\n| --- | --- | --- | --- | --- |\n`,
);
for (const r of results)
  process.stdout.write(
    `| ${r.workers} | ${repos} | ${packages} | ${latency * (2 / 3)}–${latency * (4 / 3)} | ${(r.perSecond / (base?.perSecond ?? r.perSecond)).toFixed(2)} |\n`,
  );
