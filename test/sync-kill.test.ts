import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateRepo } from "../bench/generate-repo.js";
import { mulberry32 } from "./fuzz/mulberry32.js";
import { storeState } from "./helpers/dialects.js";
import { CLI, runCli } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

// Beside sync-interrupted.test.ts (fixed delays, counts only): here the old and the new snapshot
// have the same size, so only the package list itself (a hash of the sorted NEVRAs) can tell them
// apart, the repository is served over HTTP, and the kill points come from a seeded PRNG.
const PACKAGES = 20_000;
const KILLS = 6;
const SEED = 16;
const KEY = "kill:9/BaseOS/x86_64";

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;
/** Where sync's temporary folders go (TMPDIR of every CLI run), so the test can see what is left. */
let tmp: string;

before(async () => {
  dir = await tempDir("elscope-sync-kill-");
  tmp = join(dir.path, "tmp");
  await mkdir(tmp);
  generateRepo(join(dir.path, "www", "old"), { packages: PACKAGES, compression: "gz", seed: 1, level: 1 });
  // Every 7th package gets a new release: same count, different list.
  generateRepo(join(dir.path, "www", "new"), { packages: PACKAGES, compression: "gz", seed: 1, level: 1, bump: 7 });
  server = await startStaticServer(join(dir.path, "www"));
});
after(async () => {
  await server.close();
  await dir.remove();
});

function syncArgs(db: string, which: "old" | "new"): string[] {
  return ["--db", db, "sync", "--url", `${server.url}/${which}/`, "--as", KEY, "--new-repo"];
}

/** Runs `elscope sync`, sending SIGKILL after `killAfterMs` unless it ends first. */
function sync(db: string, which: "old" | "new", killAfterMs = Number.POSITIVE_INFINITY) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...syncArgs(db, which)], {
      env: { ...process.env, ELSCOPE_CATALOG: "", TMPDIR: tmp },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill("SIGKILL"), killAfterMs) : undefined;
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** The stored package list: its size and a hash of the sorted NEVRAs, as `elscope packages` shows them. */
async function packageList(db: string): Promise<{ count: number; hash: string }> {
  const r = await runCli(["--db", db, "packages", KEY, "--qf", "%{nevra}\n"], { TMPDIR: tmp });
  assert.equal(r.code, 0, r.stderr);
  const nevras = r.stdout.split("\n").filter((l) => l !== "");
  nevras.sort();
  return { count: nevras.length, hash: createHash("sha256").update(nevras.join("\n")).digest("hex") };
}

/** sync's leftovers in TMPDIR: how many elscope-sync-* entries, and their bytes. */
async function leftovers(): Promise<{ entries: number; bytes: number }> {
  let bytes = 0;
  const entries = (await readdir(tmp)).filter((e) => e.startsWith("elscope-sync-"));
  for (const e of entries)
    for (const f of await readdir(join(tmp, e), { recursive: true })) bytes += (await stat(join(tmp, e, f))).size;
  return { entries: entries.length, bytes };
}

test("kill -9 at seeded points of a re-sync leaves the old list or the new one, never a mix", async (t) => {
  // The old snapshot, once; every kill starts from a copy of this store.
  const base = join(dir.path, "base.db");
  assert.equal((await sync(base, "old")).code, 0);
  const oldList = await packageList(base);
  // An uninterrupted re-sync: the new list, and how long a sync takes here, to spread the kills over.
  const reference = join(dir.path, "reference.db");
  await copyFile(base, reference);
  const started = Date.now();
  const done = await sync(reference, "new");
  const syncMs = Date.now() - started;
  assert.equal(done.code, 0, done.stderr);
  const newList = await packageList(reference);
  assert.equal(oldList.count, PACKAGES);
  assert.equal(newList.count, PACKAGES);
  assert.notEqual(oldList.hash, newList.hash, "the change is visible in the list");

  // Up to a quarter past the measured time, so some kills land around the commit and after it.
  const r = mulberry32(SEED);
  const points = Array.from({ length: KILLS }, () => Math.round(syncMs * (0.05 + 1.2 * r.next()))).sort(
    (a, b) => a - b,
  );
  const seen = { killed: 0, old: 0, new: 0, neither: 0 };
  for (const ms of points) {
    const db = join(dir.path, `kill-${ms}.db`);
    await copyFile(base, db);
    const killed = await sync(db, "new", ms);
    const state = await storeState(db);
    assert.equal(state.integrity, "ok", `killed at ${ms} ms`);
    assert.equal(state.duplicates, 0, `killed at ${ms} ms`);
    const list = await packageList(db);
    const which = list.hash === oldList.hash ? "old" : list.hash === newList.hash ? "new" : "neither";
    assert.notEqual(
      which,
      "neither",
      `killed at ${ms} ms: ${list.count} packages, neither the old list nor the new one`,
    );
    if (killed.signal === "SIGKILL") seen.killed++;
    else assert.equal(killed.code, 0, killed.stderr);
    seen[which]++;
    // The store still works after the kill, and a new sync completes it.
    const again = await sync(db, "new");
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await packageList(db), newList, `killed at ${ms} ms, then synced again`);
    const left = await leftovers();
    t.diagnostic(
      `kill at ${ms} of ${syncMs} ms: ${killed.signal ?? `exit ${killed.code}`}, ${which} list; TMPDIR holds ${left.entries} elscope-sync-* (${left.bytes} bytes)`,
    );
  }
  t.diagnostic(`kills: ${JSON.stringify(seen)}`);
  assert.ok(seen.killed > 0, "at least one kill landed before the sync ended");
});
