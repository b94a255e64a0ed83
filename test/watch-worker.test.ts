// elscope worker --rules: the watch rules run after each job commits. A real worker (the CLI in a
// child process) on a real PostgreSQL takes an import job of RHEL's release dates; the rules then
// find the minors AlmaLinux has no date for, and the firings are in the store once.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { AlertFiring } from "../src/model/alert-firing.js";
import { AlertStore } from "../src/store/alert-store.js";
import { openStore } from "../src/store/open-store.js";
import { freshPgDatabase } from "./helpers/pg-cluster.js";
import { CLI, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const ENV = {
  ELSCOPE_CATALOG: "",
  ELSCOPE_JOB_EXPIRE_SECONDS: "30",
  ELSCOPE_JOB_POLL_SECONDS: "1",
  ELSCOPE_JOB_MAINTENANCE_SECONDS: "1",
  ELSCOPE_PG_POOL: "3",
};
const FIXTURE = fileURLToPath(
  new URL("../../test/fixtures/endoflife-release-data/redhat-minors-to-9-3.json", import.meta.url),
);

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir();
});
after(() => dir.remove());

async function openFirings(db: string): Promise<readonly AlertFiring[]> {
  const store = await openStore(db);
  try {
    return await new AlertStore(store.db).openFirings();
  } finally {
    await store.close();
  }
}

test("a worker with --rules evaluates them after each job: an import of upstream dates fires minor-release-pending once", async () => {
  const db = await freshPgDatabase("watchworker");
  const store = await openStore(db);
  try {
    // AlmaLinux's first 9 minor, dated: the upstream minors after it that it has no date for are pending.
    await store.replaceReleaseDates(
      "almalinux",
      "almalinux-release-notes",
      "test",
      [{ release: "9.0", stage: "ga", date: "2022-05-26" }],
      new Date(),
    );
  } finally {
    await store.close();
  }
  const rules = join(dir.path, "watch.yaml");
  await writeFile(
    rules,
    "rules:\n  - name: alma-minors\n    kind: minor-release-pending\n    rebuild: almalinux\n    days: 30\n",
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, "--db", db, "worker", "--queues", "import", "--rules", rules],
    {
      env: { ...process.env, ...ENV },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const saw = (text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (stderr.includes(text)) resolve();
      };
      child.stderr?.on("data", check);
      check();
      void exited.then(() => reject(new Error(`worker exited: ${stderr}`)));
    });
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  try {
    await saw("taking jobs");
    assert.match(stderr, /; watch rules .*watch\.yaml after each job\n/);
    assert.deepEqual(await openFirings(db), [], "nothing fires before the job");
    await runCliJson(
      ["--db", db, "import", "endoflife-release-data", FIXTURE, "--distro", "rhel", "--queue", "--json"],
      ENV,
    );
    await saw("import");
    await saw("completed");
    const open = await openFirings(db);
    assert.deepEqual(
      open.map((f) => f.subject),
      ["almalinux 9.2", "almalinux 9.3"],
    );
    assert.ok(open.every((f) => f.measure === "release lag (pending)" && /endoflife-release-data/.test(f.source)));
    assert.equal(stderr.match(/elscope worker: watch: FIRING alma-minors almalinux 9\.\d/g)?.length, 2, stderr);
  } finally {
    child.kill("SIGTERM");
    assert.equal(await exited, 0, stderr);
  }
});
