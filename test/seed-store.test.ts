import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../src/errors/config-error.js";
import { csvFields } from "../src/format/csv-fields.js";
import { BUNDLED_SNAPSHOT, seedStore } from "../src/ingest/seed-store.js";
import { runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const POPULARITY = fileURLToPath(new URL("../../data/popularity/", import.meta.url));

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

test("the bundled snapshot holds every point of data/popularity/, each with its page, date and note", async () => {
  const dir = await tempDir();
  try {
    const store = join(dir.path, "elscope.db");
    assert.equal(await seedStore(store), true);
    const r = await runCli(["--db", store, "popularity", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const stored = (JSON.parse(r.stdout) as { rows: Record<string, unknown>[] }).rows.map((p) =>
      JSON.stringify([p["distro"], p["metric"], p["subject"], p["date"], p["value"], p["source"], p["note"]]),
    );
    const files = (await readdir(POPULARITY)).filter((f) => f.endsWith(".csv"));
    assert.ok(files.length > 0);
    for (const f of files) {
      const [header = [], ...rows] = (await readFile(join(POPULARITY, f), "utf8"))
        .trim()
        .split("\n")
        .map((l) => csvFields(l) ?? []);
      const at = (row: string[], name: string) => row[header.indexOf(name)] ?? "";
      for (const row of rows) {
        const note = at(row, "note");
        const want = JSON.stringify([
          f.replace(/\.csv$/, ""),
          at(row, "metric"),
          at(row, "subject"),
          at(row, "date"),
          Number(at(row, "value")),
          at(row, "source"),
          note === "" ? null : note,
        ]);
        assert.ok(stored.includes(want), `${f}: ${want} is not in the bundled snapshot (run scripts/build-bundle.sh)`);
      }
    }
  } finally {
    await dir.remove();
  }
});
