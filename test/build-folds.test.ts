// A distribution's source builds folded over its repositories are kept (migration 0019) and read
// back by the next question while the newest snapshots are the ones they were folded from; a sync
// makes them unread, a view as of a time never keeps one, and keeping never waits for a writer.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { after, before, describe, test } from "node:test";
import { sql } from "#kysely";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import type { PackageRecord } from "../src/model/package-record.js";
import type { SourceBuild } from "../src/model/source-build.js";
import { StringPool } from "../src/model/string-pool.js";
import { buildsOf } from "../src/queries/builds-of.js";
import { queryContext } from "../src/queries/query-context.js";
import { refreshBuildFolds } from "../src/queries/refresh-build-folds.js";
import { withAnswerRefresh } from "../src/cli/with-answer-refresh.js";
import { packBuildFold, unpackBuildFold } from "../src/store/build-fold-pack.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import type { Store } from "../src/store/store.js";
import { DIALECTS, openFreshStore } from "./helpers/dialects.js";
import { packageRecord } from "./helpers/package-record.js";
import { writeTestSnapshot } from "./helpers/write-test-snapshot.js";

const catalog = loadCatalog();

const build = (over: Partial<SourceBuild> & { name: string }): SourceBuild => ({
  epoch: 0,
  version: "1.0",
  release: "1.el9",
  releases: ["9.4"],
  repos: ["BaseOS"],
  fileTime: 1_700_000_000,
  firstSeen: "2024-06-01T00:00:00.000Z",
  ...over,
});

test("a fold's pack reads back as the same builds, lists shared as they were", () => {
  const both = ["9", "9.4"];
  const builds = [
    build({ name: "bash", epoch: 2, releases: both, repos: ["AppStream", "BaseOS"], fileTime: null }),
    build({ name: "bash", version: "5.1", releases: both, firstSeen: "2024-05-01T00:00:00.000Z" }),
    build({ name: "perl-Ünïcode-long-name-of-a-package", release: "3.module+el9.4.0+1234+abcdef01" }),
  ];
  const pack = packBuildFold(builds);
  assert.ok(pack);
  assert.equal(pack.buildCount, 3);
  const read = unpackBuildFold(pack);
  assert.deepEqual(read, builds);
  assert.ok(read !== null && read[0]?.releases === read[1]?.releases, "one list for builds in the same releases");
  assert.deepEqual(unpackBuildFold({ buildCount: 0, body: new Uint8Array() }), []);
});

test("builds a pack cannot hold are not packed; a damaged pack is not read", () => {
  assert.equal(packBuildFold([build({ name: "a\tb" })]), null);
  assert.equal(packBuildFold([build({ name: "a", repos: ["Base,OS"] })]), null);
  assert.equal(packBuildFold([build({ name: "a", version: "" })]), null);
  assert.equal(packBuildFold([build({ name: "a", releases: [] })]), null);
  const pack = packBuildFold([build({ name: "bash" }), build({ name: "zsh" })]);
  assert.ok(pack);
  const text = Buffer.from(pack.body).toString("utf8");
  const damaged = (body: string, buildCount = 2) => unpackBuildFold({ buildCount, body: Buffer.from(body, "utf8") });
  assert.equal(damaged(text, 3), null, "fewer lines than builds");
  assert.equal(damaged(text, 1), null, "more lines than builds");
  assert.equal(damaged(text.slice(0, text.length - 30)), null, "cut short");
  assert.equal(damaged(text.replace("\t0\t", "\tx\t")), null, "an epoch that is not a number");
  assert.equal(damaged(text.replace("\t1700000000\t", "\t17e8\t")), null, "a time that is not a number");
  assert.equal(damaged(text.replace("bash\t", "\t")), null, "no name");
});

test("a pooled string is its own copy: the text it was cut from is not kept alive", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const pool = new StringPool();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    // A 1 MB text, made at run time, and a 20-character name cut from it.
    const text = `${String(i).padStart(8, "0")}-`.repeat(110_000);
    pool.get(text.slice(9 * i, 9 * i + 20));
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  // 40 texts kept by their slices would be 40 MB; 40 copies of 20 characters are nothing.
  assert.ok(grown < 10_000_000, `heap grew by ${grown} bytes`);
});

/** A package of `name`-`version`, built from its own source RPM. */
function pkg(name: string, version: string): PackageRecord {
  return packageRecord({
    name,
    version,
    release: "1.el9",
    arch: "x86_64",
    checksum: `${name}-${version}`.padEnd(64, "0"),
    sourcerpm: `${name}-${version}-1.el9.src.rpm`,
    location: `Packages/${name}-${version}-1.el9.x86_64.rpm`,
    fileTime: 1_700_000_000,
  });
}

const write = (store: Store, key: string, at: string, packages: readonly PackageRecord[]) =>
  writeTestSnapshot(store, key, at, [packages]);

const folds = async (store: Store): Promise<{ key: string; fingerprint: string }[]> =>
  (
    await sql<{ key: string; fingerprint: string }>`select key, fingerprint from build_folds order by key`.execute(
      store.db,
    )
  ).rows;

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    let store: Store;
    before(async () => {
      store = await openFreshStore(dialect);
    });
    after(() => store.close());

    test("kept after the first fold, read by the next question, unread after a sync", async () => {
      await write(store, "rocky:9.4/BaseOS/x86_64", "2024-06-01T00:00:00.000Z", [
        pkg("bash", "5.1"),
        pkg("zsh", "5.8"),
      ]);
      await write(store, "rocky:9.4/AppStream/x86_64", "2024-06-02T00:00:00.000Z", [pkg("bash", "5.1")]);
      const first = await buildsOf(queryContext(store, catalog), "rocky", ["9.4"]);
      assert.deepEqual(
        first.map((b) => [b.name, b.repos]),
        [
          ["bash", ["AppStream", "BaseOS"]],
          ["zsh", ["BaseOS"]],
        ],
      );
      const kept = await folds(store);
      assert.deepEqual(
        kept.map((f) => f.key),
        ["rocky 9.4"],
      );

      // What is kept is what is read: another fold under the same fingerprint is returned as it is.
      const other = packBuildFold([build({ name: "kept-only" })]);
      assert.ok(other);
      await sql`update build_folds set body = ${other.body}, build_count = 1`.execute(store.db);
      const read = await buildsOf(queryContext(store, catalog), "rocky", ["9.4"]);
      assert.deepEqual(
        read.map((b) => b.name),
        ["kept-only"],
      );
      // An edited row (text instead of bytes, or no builds) is not read: the rows are folded again.
      const fp = kept[0]?.fingerprint ?? "";
      for (const edit of [
        sql`update build_folds set body = ${"bash	0"}`,
        sql`update build_folds set build_count = 0, body = ${new Uint8Array()}`,
      ]) {
        await edit.execute(store.db);
        assert.equal(await store.keptBuildFold("rocky", ["9.4"], fp), null);
      }
      assert.deepEqual(
        (await buildsOf(queryContext(store, catalog), "rocky", ["9.4"])).map((b) => b.name),
        ["bash", "zsh"],
      );
      await sql`update build_folds set body = ${other.body}, build_count = 1`.execute(store.db);
      // A view as of a time folds its own snapshots and keeps nothing.
      const then = await buildsOf(
        queryContext(store, catalog, new Date(), new Date("2024-06-01T12:00:00.000Z")),
        "rocky",
        ["9.4"],
      );
      assert.deepEqual(
        then.map((b) => [b.name, b.repos]),
        [
          ["bash", ["BaseOS"]],
          ["zsh", ["BaseOS"]],
        ],
      );
      assert.deepEqual(await folds(store), kept);

      // A sync of one of its repositories: the kept fold no longer matches and is folded again.
      await write(store, "rocky:9.4/BaseOS/x86_64", "2024-06-03T00:00:00.000Z", [pkg("bash", "5.2")]);
      const after = await buildsOf(queryContext(store, catalog), "rocky", ["9.4"]);
      assert.deepEqual(
        after.map((b) => `${b.name}-${b.version} ${b.repos.join(",")}`),
        ["bash-5.1 AppStream", "bash-5.2 BaseOS"],
      );
      const now = await folds(store);
      assert.equal(now.length, 1);
      assert.notEqual(now[0]?.fingerprint, kept[0]?.fingerprint);
      // One package's builds are read from its rows' key range, never kept.
      await buildsOf(queryContext(store, catalog), "rocky", ["9.4"], "bash");
      assert.deepEqual(await folds(store), now);
    });
  });
}

for (const dialect of DIALECTS) {
  test(`${dialect}: a write folds again the kept folds of the distributions it wrote, and only those`, async () => {
    const store = await openFreshStore(dialect);
    try {
      await write(store, "rocky:9.4/BaseOS/x86_64", "2024-06-01T00:00:00.000Z", [pkg("bash", "5.1")]);
      await write(store, "rocky:9.4/AppStream/x86_64", "2024-06-01T00:00:00.000Z", [pkg("zsh", "5.8")]);
      await write(store, "almalinux:9.4/BaseOS/x86_64", "2024-06-01T00:00:00.000Z", [pkg("bash", "5.1")]);
      await buildsOf(queryContext(store, catalog), "rocky", ["9.4"]);
      await buildsOf(queryContext(store, catalog), "rocky", []);
      await buildsOf(queryContext(store, catalog), "almalinux", ["9.4"]);
      const before = await folds(store);
      assert.deepEqual(
        before.map((f) => f.key),
        ["almalinux 9.4", "rocky ", "rocky 9.4"],
      );
      // Nothing written since: nothing is folded.
      assert.equal(await refreshBuildFolds(store, catalog, ["*"]), 0);

      // A sync of rocky through the writers' wrapper: rocky's two folds are made again, almalinux's stays.
      await withAnswerRefresh({ store, catalog, facts: [] }, ["rocky"], () =>
        write(store, "rocky:9.4/BaseOS/x86_64", "2024-06-02T00:00:00.000Z", [pkg("bash", "5.2")]),
      );
      const after = await folds(store);
      for (const releases of [["9.4"], []]) {
        const fp = await store.buildFoldFingerprint("rocky", releases);
        assert.ok(fp !== null);
        assert.equal(after.find((f) => f.key === `rocky ${releases.join(",")}`)?.fingerprint, fp);
        const kept = await store.keptBuildFold("rocky", releases, fp);
        assert.deepEqual(
          kept?.map((b) => `${b.name}-${b.version} ${b.repos.join(",")}`),
          ["bash-5.2 BaseOS", "zsh-5.8 AppStream"],
        );
      }
      assert.equal(
        after.find((f) => f.key === "almalinux 9.4")?.fingerprint,
        before.find((f) => f.key === "almalinux 9.4")?.fingerprint,
      );
      assert.equal(await refreshBuildFolds(store, catalog, ["*"]), 0, "fresh folds are not made again");

      // A write named for another distribution leaves rocky's unread folds to the next question.
      await write(store, "rocky:9.4/BaseOS/x86_64", "2024-06-03T00:00:00.000Z", [pkg("bash", "5.3")]);
      assert.equal(await refreshBuildFolds(store, catalog, ["almalinux"]), 0);
      assert.equal(await refreshBuildFolds(store, catalog, ["*"]), 2);
    } finally {
      await store.close();
    }
  });
}

test("keeping a fold never waits for another writer of the SQLite store", async () => {
  const dir = mkdtempSync(join(tmpdir(), "elscope-folds-"));
  const path = join(dir, "store.db");
  const store = await openSqliteStore(path);
  try {
    await write(store, "rocky:9.4/BaseOS/x86_64", "2024-06-01T00:00:00.000Z", [pkg("bash", "5.1")]);
    const fingerprint = await store.buildFoldFingerprint("rocky", ["9.4"]);
    assert.ok(fingerprint !== null);
    const builds = [build({ name: "bash", version: "5.1" })];
    // Another process holds the write lock for two seconds, then commits: a keep that waited
    // (the store's busy timeout is ten) would succeed once it is gone; one that does not wait fails now.
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import Database from "better-sqlite3";
         const db = new Database(${JSON.stringify(path)});
         db.exec("begin immediate");
         process.stdout.write("locked\\n");
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
         db.exec("commit");`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => holder.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (d: Buffer) => (d.toString().includes("locked") ? resolve() : undefined));
      holder.on("exit", () => reject(new Error("the lock holder exited before locking")));
    });
    assert.equal(await store.keepBuildFold("rocky", ["9.4"], fingerprint, builds, new Date()), false);
    await exited;
    assert.equal(await store.keepBuildFold("rocky", ["9.4"], fingerprint, builds, new Date()), true);
    assert.deepEqual(await store.keptBuildFold("rocky", ["9.4"], fingerprint), builds);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
