// Jobs and workers on a real PostgreSQL (a throwaway cluster, or ELSCOPE_TEST_PG) with pg-boss:
// workers are the real CLI in child processes, syncing real rpm-md repositories served on
// 127.0.0.1; kill -9 and SIGTERM as an operator would send them. Timings are shortened by the
// environment (expiry, polling, maintenance), never asserted.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { generateRepo } from "../bench/generate-repo.js";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { JobQueue } from "../src/jobs/job-queue.js";
import type { JobTableRow } from "../src/jobs/job-table.js";
import { jobsQuery } from "../src/jobs/jobs-query.js";
import { jobKey } from "../src/jobs/job-request.js";
import { planJobs } from "../src/jobs/plan-jobs.js";
import { resolveTargets } from "../src/catalog/resolve-targets.js";
import { createApp } from "../src/server/create-app.js";
import { openStore } from "../src/store/open-store.js";
import { freshPgDatabase } from "./helpers/pg-cluster.js";
import { CLI, runCli, runCliJson } from "./helpers/run-cli.js";
import { type StaticServer, startStaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let http: StaticServer;
let catalogDir: string;
/** The primary.xml path of each served repository, for per-path misbehaviour. */
const primary = new Map<string, string>();
const SIZES: Readonly<Record<string, number>> = { BaseOS: 40, AppStream: 3000, CRB: 25 };

const catalogYaml = (url: string): string => `id: jobtest
name: Job Test
role: rebuild
upstream: rhel
website: https://example.invalid/
mirrors: ["${url}"]
urls:
  binary: "{mirror}/{release}/{path}/{arch}/os/"
schedule:
  syncHours: 1
majors:
  - major: "9"
    minors: []
    arches: [x86_64]
    repos:
      - { name: BaseOS }
      - { name: AppStream }
      - { name: CRB }
      - { name: Missing }
`;

// Short enough that a killed worker's job is retried within seconds; long against a small sync.
const ENV = {
  ELSCOPE_JOB_EXPIRE_SECONDS: "6",
  ELSCOPE_JOB_POLL_SECONDS: "1",
  ELSCOPE_JOB_MAINTENANCE_SECONDS: "1",
  ELSCOPE_JOB_RETRY_DELAY_SECONDS: "1",
  ELSCOPE_JOB_RETRY_LIMIT: "2",
  ELSCOPE_PG_POOL: "3",
};
const env = (): NodeJS.ProcessEnv => ({ ...ENV, ELSCOPE_CATALOG: catalogDir });
const KEY = (repo: string): string => `jobtest:9/${repo}/x86_64`;

before(async () => {
  dir = await tempDir();
  const www = join(dir.path, "www");
  for (const [repo, packages] of Object.entries(SIZES)) {
    const { file } = generateRepo(join(www, "9", repo, "x86_64", "os"), {
      packages,
      compression: "gz",
      seed: 3,
      level: 1,
    });
    primary.set(repo, `/9/${repo}/x86_64/os/repodata/${basename(file)}`);
  }
  http = await startStaticServer(www);
  catalogDir = join(dir.path, "catalog");
  await mkdir(catalogDir);
  await writeFile(join(catalogDir, "jobtest.yaml"), catalogYaml(http.url));
});
after(async () => {
  await http.close();
  await dir.remove();
});

/** A worker: the CLI in a child process, with what it said on stderr. */
interface Worker {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startWorker(db: string, args: readonly string[] = []): Promise<Worker> {
  const child = spawn(process.execPath, [CLI, "--db", db, "worker", ...args], {
    env: { ...process.env, ...env() },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      if (process.env["ELSCOPE_TEST_VERBOSE"] === "1") process.stderr.write(`[worker ${child.pid}] ${d}`);
      if (stderr.includes("taking jobs")) resolve();
    });
    void exited.then((e) => reject(new Error(`worker exited ${JSON.stringify(e)}: ${stderr}`)));
  });
  return { child, stderr: () => stderr, exited };
}

async function stopWorker(w: Worker): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  w.child.kill("SIGTERM");
  return w.exited;
}

/** The queue's jobs as `elscope jobs` reads them, in process. */
async function jobs(db: string): Promise<readonly JobTableRow[]> {
  const store = await openStore(db);
  try {
    return (await jobsQuery(store)).rows;
  } finally {
    await store.close();
  }
}

/** Polls until `ok` holds (a guard against a hang, not a timing assertion). */
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, limitMs = 90_000): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Snapshots and package rows of a repository, and package NEVRAs stored more than once. */
async function storedRows(
  db: string,
  key: string,
): Promise<{ snapshots: number; packages: number; duplicates: number }> {
  const [distro, rest] = key.split(":") as [string, string];
  const [release, repo, arch] = rest.split("/");
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const id = `(select id from repositories where distro = $1 and release = $2 and repo = $3 and arch = $4)`;
    const one = async (q: string): Promise<number> =>
      Number((await client.query<{ n: string }>(q, [distro, release, repo, arch])).rows[0]?.n ?? -1);
    return {
      snapshots: await one(`select count(*) n from snapshots where repository_id = ${id}`),
      packages: await one(`select count(*) n from packages where repository_id = ${id}`),
      duplicates: await one(
        `select count(*) n from (select 1 from packages where repository_id = ${id}
           group by name, epoch, version, release, arch, checksum having count(*) > 1) d`,
      ),
    };
  } finally {
    await client.end();
  }
}

const schedule = (db: string, repo: string) =>
  runCliJson<{ due: { queue: string; key: string }[]; enqueued: string[]; alreadyQueued: number }>(
    ["--db", db, "schedule", "--once", "--distro", "jobtest", "--repo", repo, "--queues", "sync", "--json"],
    env(),
  );

test("a worker runs a scheduled sync into the store; the plan then finds nothing due; SIGTERM exits 0", async () => {
  const db = await freshPgDatabase("jobs");
  const planned = await schedule(db, "BaseOS");
  assert.deepEqual(planned.due, [{ queue: "sync", key: KEY("BaseOS") }]);
  assert.equal(planned.enqueued.length, 1);
  const w = await startWorker(db);
  const [done] = await until(
    "the sync to complete",
    () => jobs(db),
    (r) => r[0]?.state === "completed",
  );
  assert.equal(await stopWorker(w).then((e) => e.code), 0);
  assert.equal(done?.key, KEY("BaseOS"));
  assert.ok(done.startedAt !== null && done.completedAt !== null && done.createdAt <= done.startedAt);
  assert.deepEqual(await storedRows(db, KEY("BaseOS")), { snapshots: 1, packages: SIZES["BaseOS"], duplicates: 0 });
  const repos = await runCliJson<{ rows: { key: string; packages: number }[] }>(["--db", db, "repos", "--json"], env());
  assert.deepEqual(
    repos.rows.map((r) => [r.key, r.packages]),
    [[KEY("BaseOS"), SIZES["BaseOS"]]],
  );
  // Just checked: not due again within its cadence (the catalog's syncHours: 1).
  const again = await schedule(db, "BaseOS");
  assert.deepEqual([again.due.length, again.enqueued.length], [0, 0]);
  // Due again once its cadence has passed: the catalog's hour, not the 6-hour default.
  const catalog = loadCatalog([catalogDir]);
  const filter = { distros: ["jobtest"], repos: ["BaseOS"], queues: ["sync"] } as const;
  const queue = await JobQueue.open(db);
  const store = await openStore(db);
  try {
    const later = (minutes: number) => planJobs(queue, catalog, store, filter, new Date(Date.now() + minutes * 60_000));
    assert.equal((await later(50)).due.length, 0);
    assert.deepEqual(
      (await later(70)).due.map((r) => jobKey(r)),
      [KEY("BaseOS")],
    );
  } finally {
    await store.close();
    await queue.stop();
  }
});

test("a repository enqueued twice while queued is one job; while active, at most one more waits and they never overlap", async () => {
  const db = await freshPgDatabase("jobs");
  const queue = await JobQueue.open(db);
  try {
    const [target] = resolveTargets(loadCatalog([catalogDir]), { distros: ["jobtest"], repos: ["CRB"] });
    assert.ok(target !== undefined);
    const request = { queue: "sync", target } as const;
    const first = await queue.enqueue([request, request]);
    assert.equal(first.filter((id) => id !== null).length, 1);
    http.behaviours.set(primary.get("CRB") ?? "", { kind: "delay", ms: 1500 });
    const w = await startWorker(db, ["--concurrency", "2"]);
    try {
      await until(
        "the sync to start",
        () => jobs(db),
        (r) => r[0]?.state === "active",
      );
      const second = await queue.enqueue([request, request, request]);
      assert.equal(second.filter((id) => id !== null).length, 1);
      const rows = await until(
        "both syncs to complete",
        () => jobs(db),
        (r) => r.length === 2 && r.every((j) => j.state === "completed"),
      );
      const [a, b] = rows as [JobTableRow, JobTableRow];
      // pg-boss stamps each state change with its transaction's start (now()), so the second job's
      // start can read a millisecond before the first's completion that it waited for; an overlap
      // would be the first sync's whole 1.5 s delay.
      assert.ok(
        b.startedAt !== null && a.completedAt !== null && Date.parse(b.startedAt) >= Date.parse(a.completedAt) - 100,
        JSON.stringify(rows),
      );
    } finally {
      http.behaviours.delete(primary.get("CRB") ?? "");
      assert.equal((await stopWorker(w)).code, 0);
    }
  } finally {
    await queue.stop();
  }
});

test("a failing job is retried with backoff and `elscope jobs` shows its last error", async () => {
  const db = await freshPgDatabase("jobs");
  await schedule(db, "Missing");
  const w = await startWorker(db);
  await until(
    "the job to fail for good",
    () => jobs(db),
    (r) => r[0]?.state === "failed",
  );
  assert.equal((await stopWorker(w)).code, 0);
  const listed = await runCliJson<{ rows: JobTableRow[]; sources: string[] }>(["--db", db, "jobs", "--json"], env());
  assert.equal(listed.rows.length, 1);
  const [job] = listed.rows;
  assert.equal(job?.queue, "sync");
  assert.equal(job.key, KEY("Missing"));
  assert.equal(job.retryCount, 2);
  assert.equal(job.retryLimit, 2);
  assert.match(job.lastError ?? "", /jobtest:9\/Missing\/x86_64.*404/);
  // Tried three times: once, then twice more.
  assert.equal(http.requests.filter((p) => p === "/9/Missing/x86_64/os/repodata/repomd.xml").length, 3);
  const csv = await runCli(["--db", db, "jobs", "--csv"], env());
  assert.match(csv.stdout.split("\r\n")[0] ?? "", /^id,queue,key,state,createdAt,startedAt,completedAt/);
});

test("kill -9 mid-download: another worker retries the job; one whole snapshot, no duplicate rows", async () => {
  const db = await freshPgDatabase("jobs");
  const path = primary.get("AppStream") ?? "";
  http.behaviours.set(path, { kind: "hang" });
  try {
    await schedule(db, "AppStream");
    const a = await startWorker(db);
    await until(
      "the download to start",
      () => Promise.resolve(http.requests.includes(path)),
      (v) => v,
    );
    a.child.kill("SIGKILL");
    assert.equal((await a.exited).signal, "SIGKILL");
  } finally {
    http.behaviours.delete(path);
  }
  const b = await startWorker(db);
  const [job] = await until(
    "the retried sync to complete",
    () => jobs(db),
    (r) => r[0]?.state === "completed",
  );
  assert.equal((await stopWorker(b)).code, 0);
  assert.equal(job?.retryCount, 1);
  assert.deepEqual(await storedRows(db, KEY("AppStream")), {
    snapshots: 1,
    packages: SIZES["AppStream"],
    duplicates: 0,
  });
});

test("SIGTERM: a running job finishes and the worker exits 0; one that cannot finish goes back to the queue", async () => {
  const db = await freshPgDatabase("jobs");
  const path = primary.get("CRB") ?? "";
  // Finishes within the grace period.
  http.behaviours.set(path, { kind: "delay", ms: 1500 });
  try {
    await schedule(db, "CRB");
    const w = await startWorker(db);
    await until(
      "the sync to start",
      () => jobs(db),
      (r) => r[0]?.state === "active",
    );
    assert.equal((await stopWorker(w)).code, 0);
    assert.equal((await jobs(db))[0]?.state, "completed");
  } finally {
    http.behaviours.delete(path);
  }
  // Stalls past the grace period: released, then done by the next worker.
  const stalled = primary.get("BaseOS") ?? "";
  http.behaviours.set(stalled, { kind: "hang" });
  try {
    await schedule(db, "BaseOS");
    const w = await startWorker(db, ["--grace", "1"]);
    await until(
      "the sync to start",
      () => jobs(db),
      (r) => r.some((j) => j.key === KEY("BaseOS") && j.state === "active"),
    );
    assert.equal((await stopWorker(w)).code, 0);
    const job = (await jobs(db)).find((j) => j.key === KEY("BaseOS"));
    assert.equal(job?.state, "retry");
    assert.match(job.lastError ?? "", /shut down/);
  } finally {
    http.behaviours.delete(stalled);
  }
  const next = await startWorker(db);
  await until(
    "the released job to complete",
    () => jobs(db),
    (r) => r.every((j) => j.state === "completed"),
  );
  assert.equal((await stopWorker(next)).code, 0);
  assert.equal((await storedRows(db, KEY("BaseOS"))).packages, SIZES["BaseOS"]);
});

test("/api/jobs answers the rows `elscope jobs --json` prints, as JSON and CSV", async () => {
  const db = await freshPgDatabase("jobs");
  await schedule(db, "BaseOS");
  const csv = await runCli(
    ["--db", db, "schedule", "--once", "--distro", "jobtest", "--repo", "CRB", "--queues", "sync", "--csv"],
    env(),
  );
  assert.match(csv.stdout, new RegExp(`^queue,key,id\r\nsync,${KEY("CRB")},[0-9a-f-]{36}\r\n$`));
  const store = await openStore(db);
  try {
    const app = createApp({
      store,
      catalog: loadCatalog([catalogDir]),
      facts: [],
      token: null,
      update: () => Promise.resolve({}),
    });
    const res = await app.request("/api/jobs");
    assert.equal(res.status, 200);
    const body = (await res.json()) as { rows: JobTableRow[]; asOf: Record<string, string> };
    const cli = await runCliJson<{ rows: JobTableRow[] }>(["--db", db, "jobs", "--json"], env());
    assert.deepEqual(body.rows, cli.rows);
    assert.deepEqual(
      body.rows.map((r) => [r.queue, r.key, r.state]),
      [
        ["sync", KEY("BaseOS"), "created"],
        ["sync", KEY("CRB"), "created"],
      ],
    );
    assert.deepEqual(Object.keys(body.asOf), ["sync"]);
    const table = await app.request("/api/jobs?format=csv");
    assert.equal(table.headers.get("content-type")?.startsWith("text/csv"), true);
    assert.equal((await table.text()).trim().split("\r\n").length, 3);
    const page = await (await app.request("/")).text();
    assert.match(page, /data-view="jobs"/);
  } finally {
    await store.close();
  }
});

test("serve --queue: POST /api/update answers 202 with the ids of the jobs it enqueued", async () => {
  const db = await freshPgDatabase("jobs");
  const child = spawn(process.execPath, [CLI, "--db", db, "serve", "--queue", "--port", "0"], {
    env: { ...process.env, ...env(), ELSCOPE_TOKEN: "s3cret" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        const m = /dashboard at (http:\/\/[^/\s]+)\//.exec(out);
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      void exited.then((code) => reject(new Error(`serve exited ${code}`)));
    });
    const denied = await fetch(`${base}/api/update`, { method: "POST" });
    assert.equal(denied.status, 401);
    const res = await fetch(`${base}/api/update`, { method: "POST", headers: { authorization: "Bearer s3cret" } });
    assert.equal(res.status, 202);
    const body = (await res.json()) as { jobs: string[]; alreadyQueued: number };
    assert.ok(body.jobs.length > 0);
    const rows = await jobs(db);
    assert.deepEqual(rows.map((r) => r.id).sort(), [...body.jobs].sort());
    assert.ok(rows.every((r) => r.queue === "update" && r.state === "created"));
    // A second request while they wait adds nothing.
    const again = (await (
      await fetch(`${base}/api/update`, { method: "POST", headers: { authorization: "Bearer s3cret" } })
    ).json()) as { jobs: string[]; alreadyQueued: number };
    assert.deepEqual(again, { jobs: [], alreadyQueued: body.jobs.length });
  } finally {
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  }
});

test("sync, update and import --queue enqueue jobs that a worker runs with the CLI's code", async () => {
  const db = await freshPgDatabase("jobs");
  const fixture = fileURLToPath(
    new URL("../../test/fixtures/endoflife-release-data/redhat-minors-to-9-3.json", import.meta.url),
  );
  type Enqueued = { jobs: { queue: string; key: string; id: string | null }[] };
  const imported = await runCliJson<Enqueued>(
    ["--db", db, "import", "endoflife-release-data", fixture, "--distro", "rhel", "--queue", "--json"],
    env(),
  );
  assert.deepEqual(
    imported.jobs.map((j) => [j.queue, j.key]),
    [["import", `rhel:endoflife-release-data:${fixture}`]],
  );
  const synced = await runCliJson<Enqueued>(
    ["--db", db, "sync", "--distro", "jobtest", "--repo", "CRB", "--queue", "--json"],
    env(),
  );
  assert.deepEqual(
    synced.jobs.map((j) => [j.queue, j.key, j.id !== null]),
    [["sync", KEY("CRB"), true]],
  );
  // jobtest declares no live source: nothing to update.
  const updated = await runCliJson<Enqueued>(["--db", db, "update", "--distro", "jobtest", "--queue", "--json"], env());
  assert.deepEqual(updated.jobs, []);
  const w = await startWorker(db, ["--queues", "import,sync"]);
  const rows = await until(
    "both jobs to complete",
    () => jobs(db),
    (r) => r.length === 2 && r.every((j) => j.state === "completed"),
  );
  assert.equal((await stopWorker(w)).code, 0);
  assert.deepEqual(rows.map((r) => r.queue).sort(), ["import", "sync"]);
  assert.equal((await storedRows(db, KEY("CRB"))).packages, SIZES["CRB"]);
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const n = await client.query<{ n: number }>("select count(*)::int n from release_dates where distro = 'rhel'");
    assert.ok((n.rows[0]?.n ?? 0) > 0, "the import stored release dates");
  } finally {
    await client.end();
  }
});

test("serve --schedule registers the plan's cron schedule in pg-boss and stops on SIGTERM with exit 0", async () => {
  const db = await freshPgDatabase("jobs");
  const child = spawn(process.execPath, [CLI, "--db", db, "serve", "--schedule", "--port", "0"], {
    env: { ...process.env, ...env() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        if (out.includes("serving the dashboard")) resolve();
      });
      void exited.then((code) => reject(new Error(`serve exited ${code}`)));
    });
    const queue = await JobQueue.open(db);
    try {
      const schedules = await queue.boss.getSchedules();
      assert.deepEqual(
        schedules.map((x) => [x.name, x.cron]),
        [["plan", "*/5 * * * *"]],
      );
    } finally {
      await queue.stop();
    }
  } finally {
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  }
});

test("worker, schedule and jobs on a SQLite store: one line, exit code 3", async () => {
  const db = join(dir.path, "not-postgres.db");
  for (const [args, who] of [
    [["worker"], "workers"],
    [["schedule", "--once"], "schedules"],
    [["jobs", "--json"], "jobs"],
    [["serve", "--queue"], "--queue and --schedule"],
  ] as const) {
    const r = await runCli(["--db", db, ...args], env());
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stderr, `elscope: ${who} need a PostgreSQL store (--db postgres://…)\n`);
    assert.equal(r.stdout, "");
  }
});
