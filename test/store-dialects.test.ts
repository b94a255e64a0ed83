// The store on both dialects, beyond what every query and sync test already runs on both:
// writers at once (different repositories, and the same one), `elscope db copy` between them,
// a store from a newer elscope, and a PostgreSQL that cannot be reached.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "#kysely";
import { generateRepo } from "../bench/generate-repo.js";
import { openStore } from "../src/store/open-store.js";
import { DIALECTS, freshStore, storeState } from "./helpers/dialects.js";
import { PG_USER, testServerUrl } from "./helpers/pg-cluster.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

interface SyncSummary {
  repositories: { key: string; status: string; packages: number }[];
}

let dir: { path: string; remove: () => Promise<void> };
const A = "conc:9/AppStream/x86_64";
const B = "conc:9/BaseOS/x86_64";

before(async () => {
  dir = await tempDir();
  generateRepo(join(dir.path, "small"), { packages: 500, compression: "gz", seed: 1, level: 1 });
  generateRepo(join(dir.path, "big"), { packages: 8000, compression: "gz", seed: 2, level: 1 });
});
after(() => dir.remove());

const sync = (db: string, repo: string, key: string) =>
  runCliJson<SyncSummary>(["--db", db, "sync", "--url", join(dir.path, repo), "--as", key, "--new-repo", "--json"]);

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test("two syncs of different repositories at once both land, every row kept", async () => {
      const db = await freshStore(dialect, dir.path, "two");
      const [a, b] = await Promise.all([sync(db, "big", A), sync(db, "big", B)]);
      assert.deepEqual([a.repositories[0]?.status, b.repositories[0]?.status], ["updated", "updated"]);
      assert.deepEqual(await storeState(db), { snapshots: 2, current: 16000, duplicates: 0, integrity: "ok" });
    });

    test("two syncs of the same repository at once do not interleave: one snapshot, the loser records a sighting", async () => {
      const db = await freshStore(dialect, dir.path, "same");
      await sync(db, "small", A);
      const runs = await Promise.all([sync(db, "big", A), sync(db, "big", A)]);
      assert.deepEqual(runs.map((r) => r.repositories[0]?.status).sort(), ["unchanged", "updated"]);
      assert.deepEqual(
        runs.map((r) => r.repositories[0]?.packages),
        [8000, 8000],
      );
      assert.deepEqual(await storeState(db), { snapshots: 2, current: 8000, duplicates: 0, integrity: "ok" });
    });

    test("a store made by a newer elscope is refused, naming both schema versions", async () => {
      const db = await freshStore(dialect, dir.path, "newer");
      await sync(db, "small", A);
      const store = await openStore(db);
      await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
        store.db,
      );
      await store.close();
      const r = await runCli(["--db", db, "repos"]);
      assert.equal(r.code, 3, r.stderr);
      assert.match(
        r.stderr,
        /made by a newer elscope: it has schema 9999-from-the-future, this elscope knows up to 0\d{3}-/,
      );
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    });
  });
}

describe("elscope db copy", () => {
  for (const [from, to] of [
    ["sqlite", "postgres"],
    ["postgres", "sqlite"],
  ] as const) {
    test(`${from} → ${to}: every table's rows, the same answers, and new rows continue after the copied ids`, async () => {
      const source = await freshStore(from, dir.path, "src");
      await sync(source, "small", A);
      await sync(source, "big", A);
      await sync(source, "small", B);
      const target = await freshStore(to, dir.path, "dst");
      const copied = await runCliJson<{ tables: { table: string; from: number; to: number }[]; rows: number }>([
        "db",
        "copy",
        "--from",
        source,
        "--to",
        target,
        "--json",
      ]);
      const byTable = new Map(copied.tables.map((t) => [t.table, t]));
      assert.deepEqual(byTable.get("snapshots"), { table: "snapshots", from: 3, to: 3 });
      // The big repository lists the small one's 500 NEVRAs with other checksums (another seed made
      // it): new builds, so A has 500 + 8,000 rows, B 500.
      assert.equal(byTable.get("packages")?.to, 9000);
      for (const t of copied.tables) assert.equal(t.from, t.to, t.table);
      for (const args of [
        ["repos", "--json"],
        ["packages", A, "--json"],
        ["packages", B, "--json"],
      ]) {
        const a = await runCli(["--db", source, ...args]);
        const b = await runCli(["--db", target, ...args]);
        assert.equal(b.stdout, a.stdout, args.join(" "));
      }
      // The copy is a working store: a sync adds a snapshot with a new id.
      const again = await sync(target, "small", A);
      assert.equal(again.repositories[0]?.status, "updated");
      assert.deepEqual(await storeState(target), { snapshots: 4, current: 1000, duplicates: 0, integrity: "ok" });
      // Into a store that has rows: refused, nothing written.
      const refused = await runCli(["db", "copy", "--from", source, "--to", target]);
      assert.equal(refused.code, 3);
      assert.match(refused.stderr, /is not empty \(repositories has rows\): copy into a new store/);
      assert.equal((await storeState(target)).snapshots, 4);
      // A source that does not exist is not an empty store: refused, and no file is made for it.
      const typo = join(dir.path, "no-such-store.db");
      const missing = await runCli(["db", "copy", "--from", typo, "--to", await freshStore(to, dir.path, "dst2")]);
      assert.equal(missing.code, 3);
      assert.match(
        missing.stderr,
        /^elscope: store: no store at .*no-such-store\.db: --from names an existing SQLite file/,
      );
      assert.equal(existsSync(typo), false);
    });
  }
});

describe("a PostgreSQL that cannot be used", () => {
  test("wrong password, unknown database, nothing listening: one line each, exit 3, the password never printed", async () => {
    const server = new URL(await testServerUrl());
    const wrong = new URL(server);
    wrong.password = "not-the-password";
    const missing = new URL(server);
    missing.pathname = "/no_such_database";
    const cases: [string, RegExp][] = [
      [wrong.toString(), new RegExp(`password authentication failed for user "${PG_USER}"`)],
      [missing.toString(), /database "no_such_database" does not exist \(create it first: createdb/],
      ["postgres://elscope@127.0.0.1:1/elscope", /ECONNREFUSED 127\.0\.0\.1:1/],
    ];
    for (const [url, problem] of cases) {
      for (const env of [
        { args: ["--db", url], env: {} },
        { args: [], env: { ELSCOPE_DB: url } },
      ]) {
        const r = await runCli([...env.args, "repos"], env.env);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /^elscope: store: cannot connect to PostgreSQL at postgres:\/\//);
        assert.match(r.stderr, problem);
        assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
        assert.doesNotMatch(r.stderr, /not-the-password|elscope-test/);
      }
    }
  });
});
