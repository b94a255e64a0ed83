// Benchmark: the API under load (issue 15). A real `elscope serve` on 127.0.0.1, 50 concurrent
// clients (autocannon) on each request the dashboard makes, on a copy of a store; then one real
// `elscope sync` of a changed repository into that copy, served on 127.0.0.1, and the same again,
// so the first answer after a sync (computed, not kept) is measured too.
// Usage: npm run bench:load -- [--db STORE] [--packages N] [--connections 50] [--seconds 10]
//        [--endpoints overview,parity,...]
import { execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { freePort } from "../test/helpers/free-port.js";
import { startStaticServer } from "../test/helpers/static-server.js";
import { benchArg } from "./bench-arg.js";
import { buildComparisonStore, COMPARE_OUT, RELEASES, VARIANTS } from "./comparison-store.js";
import { generateRepo } from "./generate-repo.js";
import { forgetAnswers, timeGet } from "./serve-api.js";
import { cliArgv } from "./cli-argv.js";

const OUT = join(COMPARE_OUT, "..", "load");
const TARGET_P99_MS = 50;
const connections = Number(benchArg("connections", "50"));
const seconds = Number(benchArg("seconds", "10"));
const packages = Number(benchArg("packages", "2000"));
const only = benchArg("endpoints", "");
// What the dashboard's browser sends (Chromium 120 and later); `identity` measures uncompressed answers.
const acceptEncoding = benchArg("accept-encoding", "gzip, deflate, br, zstd");
mkdirSync(OUT, { recursive: true });

// The compare bench's store when it exists, else one of `--packages` built the same way.
const compareStore = join(COMPARE_OUT, "store-30000.db");
const source = benchArg("db", existsSync(compareStore) ? compareStore : join(COMPARE_OUT, `store-${packages}.db`));
if (!existsSync(source)) {
  mkdirSync(COMPARE_OUT, { recursive: true });
  buildComparisonStore([source], packages);
}
// A copy, since the sync below changes it: the source store may be another bench's, or shared.
const db = join(OUT, "store.db");
for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
copyFileSync(source, db);
if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${db}-wal`);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(
  process.execPath,
  cliArgv(["--db", db, "serve", "--port", String(port), "--host", "127.0.0.1"]).slice(1),
  {
    env: { ...process.env, ELSCOPE_CATALOG: "", ELSCOPE_TOKEN: "" },
    stdio: ["ignore", "ignore", "pipe"],
  },
);
// The server prepares the dashboard's kept answers once it listens; measured after that, as a
// server that has been up for a while answers.
const warmed = new Promise<void>((resolve) => {
  let seen = "";
  server.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    seen += chunk.toString("utf8");
    if (/dashboard answers (ready|not prepared)/.test(seen)) resolve();
  });
  server.on("exit", () => resolve());
});
let crashed: string | undefined;
server.on("exit", (code, signal) => {
  crashed = `the server exited (${signal ?? `code ${code}`}) during the bench`;
});
const stopServer = (): void => {
  if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
};
// Every way out stops the server: a bench left serving would skew whatever runs next.
process.on("exit", stopServer);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    stopServer();
    process.exit(130);
  });

/** Waits until the server answers at all (any status), or fails when it exits first. */
async function answering(): Promise<void> {
  for (let tries = 0; ; tries++) {
    if (crashed !== undefined) throw new Error(crashed);
    try {
      await fetch(`${base}/api/openapi.json`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch (e) {
      if (tries > 600) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** GET as JSON, failing on an error status: the bench needs the store's own names. */
async function getJson(path: string): Promise<Record<string, unknown>> {
  const r = await fetch(base + path);
  const body = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

interface Repo {
  readonly distro: string;
  readonly release: string;
  readonly binaryPackages?: number;
}

try {
  await answering();
  await warmed;
  // The names the dashboard's forms default to (its context()): the upstream, its rebuilds and releases.
  const repos = ((await getJson("/api/repos")).rows ?? []) as readonly Repo[];
  const said = (await getJson("/api/release-lag")).upstream;
  const upstream = typeof said === "string" && said !== "" ? said : "rhel";
  const rebuilds = [...new Set(repos.map((r) => r.distro).filter((d) => d !== upstream))].sort();
  const releases = [...new Set(repos.filter((r) => r.distro === upstream).map((r) => r.release))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  const newest = releases[releases.length - 1] ?? "9";
  const newestMinor = [...releases].reverse().find((r) => r.includes(".")) ?? newest;
  const rebuildList = rebuilds.join(",");
  // One real source package of the upstream: kernel when the store has it, else its first package.
  const named = await getJson(`/api/packages?repo=${upstream}:${newest}/*/*&name=kernel&limit=1`).catch(() => ({}));
  const first =
    ((named as { rows?: unknown[] }).rows ?? [])[0] ??
    ((await getJson(`/api/packages?repo=${upstream}:${newest}/*/*&limit=1`)).rows as unknown[])[0];
  const srpm = String((first as { sourcerpm?: string } | undefined)?.sourcerpm ?? "kernel");
  const pkg = srpm.replace(/-[^-]+-[^-]+\.src\.rpm$/, "");

  const q = (params: Record<string, string>): string => new URLSearchParams(params).toString();
  // What the dashboard's views request (src/server/dashboard-page.ts), with its page size.
  const badges = rebuilds.flatMap((d) =>
    ["package-lag", "errata-lag", "release-lag", "parity", "public-mirrors"].map(
      (m) => `/api/badge/${encodeURIComponent(d)}/${m}.svg`,
    ),
  );
  const all: { name: string; label: string; paths: readonly string[] }[] = [
    { name: "overview", label: "overview (the report)", paths: ["/api/report"] },
    { name: "repos", label: "repositories (every view's defaults)", paths: ["/api/repos"] },
    { name: "release-lag", label: "release lag", paths: ["/api/release-lag"] },
    {
      name: "lag-summary",
      label: `package lag summaries, ${upstream} ${newestMinor}`,
      paths: [`/api/lag/summary?${q({ rebuild: rebuildList, release: newestMinor })}`],
    },
    {
      name: "parity",
      label: `parity of ${upstream} ${newest}`,
      paths: [`/api/parity?${q({ rebuild: rebuildList, release: newest })}`],
    },
    { name: "mirrors", label: "mirrors", paths: ["/api/mirrors"] },
    { name: "images", label: "images", paths: ["/api/images"] },
    { name: "badges", label: `badges (${badges.length}, in turn)`, paths: badges },
    {
      name: "package",
      label: `one package's lag (${pkg})`,
      paths: [`/api/lag?${q({ upstream: "", rebuild: rebuildList, package: pkg, limit: "10000" })}`],
    },
  ];
  // The look-ups above left answers kept; forgotten, so each endpoint's first answer is computed.
  await forgetAnswers(db);
  const asked = only === "" ? all.map((e) => e.name) : only.split(",");
  const unknown = asked.filter((n) => !all.some((e) => e.name === n));
  // A misspelt name would measure nothing and look like a quick, clean run.
  if (unknown.length > 0)
    throw new Error(`--endpoints: no ${unknown.join(", ")}; known: ${all.map((e) => e.name).join(", ")}`);
  const wanted = all.filter((e) => asked.includes(e.name));

  interface Row {
    readonly endpoint: string;
    readonly paths: readonly string[];
    readonly firstMs: number;
    readonly firstStatus: number;
    readonly firstOrigins: string;
    readonly firstBytes: number;
    /** Bytes per answer as sent, headers included: compressed when the client accepted it. */
    readonly wireBytes: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
    readonly requestsPerSecond: number;
    readonly requests: number;
    readonly non2xx: number;
    readonly errors: number;
    readonly timeouts: number;
  }

  /** Every endpoint: its first answer alone, then `connections` clients for `seconds`. */
  const measureAll = async (phase: string): Promise<Row[]> => {
    const rows: Row[] = [];
    for (const e of wanted) {
      const firsts = [];
      for (const path of e.paths)
        firsts.push(await timeGet(base + path, 10 * 60_000, { "accept-encoding": acceptEncoding }));
      const r = await autocannon({
        url: base,
        connections,
        duration: seconds,
        timeout: 30,
        headers: { "accept-encoding": acceptEncoding },
        requests: e.paths.map((path) => ({ path, method: "GET" })),
      });
      if (crashed !== undefined) throw new Error(crashed);
      const row: Row = {
        endpoint: e.label,
        paths: e.paths,
        // The slowest of a group's first answers: the one the page waits for.
        firstMs: Math.max(...firsts.map((f) => f.ms)),
        firstStatus: Math.max(...firsts.map((f) => f.status)),
        firstOrigins: [...new Set(firsts.map((f) => f.origin || "?"))].sort().join(", "),
        firstBytes: firsts.reduce((n, f) => n + f.bytes, 0),
        wireBytes: r.requests.total > 0 ? r.throughput.total / r.requests.total : 0,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
        requestsPerSecond: r.requests.average,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      };
      rows.push(row);
      process.stderr.write(
        `${phase}: ${e.name}: first ${Math.round(row.firstMs)} ms (HTTP ${row.firstStatus}), p99 ${row.p99} ms, ${Math.round(row.requestsPerSecond)} req/s, ${row.non2xx + row.errors} failed\n`,
      );
    }
    return rows;
  };

  const before = await measureAll("before sync");

  // A real sync: the first rebuild's newest minor as the comparison store generated it, with five
  // packages of its own added, served on 127.0.0.1 and synced into the store the server reads
  // (which notices the change on its next request). Asynchronously: the mirror is in this process.
  const target = rebuilds.includes("almalinux") ? "almalinux" : (rebuilds[0] ?? upstream);
  const key = `${target}:${newestMinor}/AppStream/x86_64`;
  const upstreamRepo = repos.find((r) => r.distro === upstream && r.release === newestMinor);
  const k = Math.max(0, RELEASES.indexOf(newestMinor));
  const variant = VARIANTS[target] ?? {};
  const dir = join(OUT, "changed-repo");
  rmSync(dir, { recursive: true, force: true });
  generateRepo(dir, {
    packages: upstreamRepo?.binaryPackages ?? packages,
    compression: "gz",
    seed: 7,
    bump: k === 0 ? 0 : 7 + k,
    variant: { ...variant, extra: (variant.extra ?? 0) + 5 },
    level: 1,
  });
  const mirror = await startStaticServer(dir);
  let syncSummary: string;
  try {
    const t = performance.now();
    const args = cliArgv(["--db", db, "sync", "--url", `${mirror.url}/`, "--as", key, "--new-repo", "--json"]).slice(1);
    syncSummary = (await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 24 })).stdout;
    process.stderr.write(`synced ${key} from ${mirror.url} in ${Math.round(performance.now() - t)} ms\n`);
  } finally {
    await mirror.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const after = await measureAll("after sync");

  const ms = (x: number): string => Math.round(x).toLocaleString("en-US");
  const table = (rows: readonly Row[]): string =>
    [
      `| endpoint | bytes | on the wire, per answer | first answer (ms) | first answer was | p50 (ms) | p99 (ms) | max (ms) | answers | req/s | failures | p99 < ${TARGET_P99_MS} ms, 0 failures |`,
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows.map((r) => {
        const failures = r.non2xx + r.errors;
        const status = r.firstStatus === 200 ? "" : ` (HTTP ${r.firstStatus})`;
        // Fewer answers than clients: most requests were still in flight when the time ran out, and
        // autocannon counts those neither as answers nor as failures, so the percentiles say little.
        const pass =
          r.requests < connections
            ? `fail (${r.requests} answers)`
            : r.p99 < TARGET_P99_MS && failures === 0
              ? "pass"
              : "fail";
        return `| ${r.endpoint}${status} | ${r.firstBytes.toLocaleString("en-US")} | ${ms(r.wireBytes)} | ${ms(r.firstMs)} | ${r.firstOrigins} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.requests.toLocaleString("en-US")} | ${ms(r.requestsPerSecond)} | ${failures}${r.timeouts > 0 ? ` (${r.timeouts} timeouts)` : ""} | ${pass} |`;
      }),
    ].join("\n");
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(
    join(OUT, "results.json"),
    JSON.stringify(
      {
        date,
        store: source,
        repositories: repos.length,
        connections,
        seconds,
        acceptEncoding,
        synced: key,
        before,
        after,
        syncSummary: JSON.parse(syncSummary) as unknown,
      },
      null,
      2,
    ),
  );
  process.stdout.write(
    `API under load on ${date}: ${connections} clients for ${seconds} s per endpoint, Accept-Encoding "${acceptEncoding}", store ${source} (${repos.length} repositories); first answer is one request alone, before the clients start.\n\n` +
      `Before the sync:\n\n${table(before)}\n\nRight after syncing ${key}:\n\n${table(after)}\n`,
  );
} catch (e) {
  process.stderr.write(`bench:load failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  stopServer();
}
