import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateRepo } from "../bench/generate-repo.js";
import { CLI, runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";
import { DIALECTS, freshStore, storeState } from "./helpers/dialects.js";

let dir: { path: string; remove: () => Promise<void> };
const KEY = "kill:9/AppStream/x86_64";

before(async () => {
  dir = await tempDir();
  generateRepo(join(dir.path, "a"), { packages: 3000, compression: "gz", seed: 1, level: 1 });
  generateRepo(join(dir.path, "b"), { packages: 20000, compression: "gz", seed: 2, level: 1 });
});
after(() => dir.remove());

/** Starts a sync of repository b and kills it after `ms` with `signal`; resolves with its exit. */
function interruptedSync(db: string, ms: number, signal: NodeJS.Signals) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, "--db", db, "sync", "--url", join(dir.path, "b"), "--as", KEY, "--new-repo"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill(signal), ms);
    child.on("close", (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

for (const dialect of DIALECTS) {
  test(`${dialect}: kill -9 at any moment of a sync leaves either the old snapshot or the whole new one`, async () => {
    let sawOld = 0;
    for (const ms of [150, 400, 700, 1000, 1400]) {
      const db = await freshStore(dialect, dir.path, `kill_${ms}`);
      await runCliJson(["--db", db, "sync", "--url", join(dir.path, "a"), "--as", KEY, "--new-repo", "--json"]);
      const r = await interruptedSync(db, ms, "SIGKILL");
      const state = await storeState(db);
      assert.equal(state.integrity, "ok");
      assert.equal(state.duplicates, 0);
      if (r.signal === "SIGKILL") {
        assert.ok(
          (state.snapshots === 1 && state.current === 3000) || (state.snapshots === 2 && state.current === 20000),
          `killed at ${ms} ms: ${JSON.stringify(state)}`,
        );
        if (state.snapshots === 1) sawOld++;
      } else {
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual([state.snapshots, state.current], [2, 20000]);
      }
      // The store still works after the kill, and a new sync completes it.
      const again = await runCliJson<{ repositories: { packages: number }[] }>([
        "--db",
        db,
        "sync",
        "--url",
        join(dir.path, "b"),
        "--as",
        KEY,
        "--new-repo",
        "--json",
      ]);
      assert.equal(again.repositories[0]?.packages, 20000);
    }
    assert.ok(sawOld > 0, "at least one kill landed before the commit");
  });

  test(`${dialect}: Ctrl-C stops a sync with exit code 130 and keeps the last good data`, async () => {
    const db = await freshStore(dialect, dir.path, "int");
    await runCliJson(["--db", db, "sync", "--url", join(dir.path, "a"), "--as", KEY, "--new-repo", "--json"]);
    const r = await interruptedSync(db, 600, "SIGINT");
    assert.equal(r.code, 130);
    assert.match(r.stderr, /interrupted; repositories not finished were left as they were/);
    assert.deepEqual(await storeState(db), { snapshots: 1, current: 3000, duplicates: 0, integrity: "ok" });
    const listed = await runCli(["--db", db, "packages", KEY, "--json"]);
    assert.equal((JSON.parse(listed.stdout) as { rows: unknown[] }).rows.length, 3000);
  });
}
