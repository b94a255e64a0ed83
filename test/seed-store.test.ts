import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError } from "../src/errors/config-error.js";
import { BUNDLED_SNAPSHOT, seedStore } from "../src/ingest/seed-store.js";
import { tempDir } from "./helpers/temp-dir.js";

test("a cut snapshot seeds nothing: a clear error and no store, whole or partial", async () => {
  const dir = await tempDir();
  try {
    const cut = join(dir.path, "cut.db.xz");
    const bytes = await readFile(BUNDLED_SNAPSHOT);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const store = join(dir.path, "store", "elscope.db");
    await assert.rejects(seedStore(store, cut), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^store: .*elscope\.db: cannot seed the store from the bundled snapshot: xz data: /);
      return true;
    });
    assert.equal(existsSync(store), false);
    assert.equal(existsSync(`${store}.seeding`), false);
    // The whole snapshot seeds; an existing store is never replaced.
    assert.equal(await seedStore(store), true);
    assert.equal(await seedStore(store, cut), false);
  } finally {
    await dir.remove();
  }
});
