// Answers kept in the store (issue 15): the dashboard's requests are computed when data changes,
// by the command that changed it, so the first request after a sync reads them instead of
// measuring. Real store built through the CLI, the hono app in process.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { loadFacts } from "../src/catalog/load-facts.js";
import { createApp } from "../src/server/create-app.js";
import type { AppOptions } from "../src/server/app-options.js";
import { storedAnswerRequests } from "../src/server/stored-answer-requests.js";
import { warmStoredAnswers } from "../src/server/warm-stored-answers.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { StoredAnswerStore } from "../src/store/stored-answer-store.js";
import type { Store } from "../src/store/store.js";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli } from "./helpers/run-cli.js";
import { buildServeStore } from "./helpers/serve-store.js";
import { tempDir } from "./helpers/temp-dir.js";

const catalog = loadCatalog();
const facts = loadFacts(catalog);

let dir: { path: string; remove: () => Promise<void> };
let db = "";

before(async () => {
  dir = await tempDir();
  db = await buildServeStore(dir.path);
});
after(async () => {
  await dir.remove();
});

function appOn(store: Store, more: Partial<AppOptions> = {}): OpenAPIHono {
  return createApp({ store, catalog, facts, token: null, update: () => Promise.resolve(null), ...more });
}

/** `store` counting its source-build reads (rows or a kept fold): a lag or parity measured, not read from the kept answer. */
function counting(store: Store): { store: Store; reads: () => number } {
  let n = 0;
  const proxy = new Proxy(store, {
    get: (target, key) => {
      const v = Reflect.get(target, key, target) as unknown;
      if (typeof v !== "function") return v;
      const f = (v as (...a: unknown[]) => unknown).bind(target);
      if (key !== "sourceRowBatches" && key !== "keptBuildFold") return f;
      return (...a: unknown[]) => {
        n++;
        return f(...a);
      };
    },
  });
  return { store: proxy, reads: () => n };
}

async function get(app: OpenAPIHono, path: string): Promise<{ status: number; origin: string | null; body: string }> {
  const r = await app.request(path);
  return { status: r.status, origin: r.headers.get("x-elscope-answer"), body: await r.text() };
}

const LAG = "/api/lag/summary?rebuild=almalinux";

test("the dashboard's requests are kept once computed, and a new process answers them without measuring", async () => {
  const store = await openSqliteStore(db);
  try {
    const requests = storedAnswerRequests(catalog, await store.listRepositories());
    assert.ok(requests.some((r) => r.key === LAG && r.scope.join(",") === "almalinux,rhel"));
    assert.ok(requests.some((r) => r.key === "/api/badge/almalinux/package-lag.svg?"));
    const first = await warmStoredAnswers(appOn(store), { store, catalog });
    assert.equal(first.failed, 0);
    assert.ok(first.computed > 5, `computed ${first.computed}`);
    const measuring = counting(store);
    const live = await get(appOn(measuring.store, { answers: "refresh" }), LAG);
    assert.ok(measuring.reads() > 0, "a computed answer reads source builds");
    const counted = counting(store);
    const next = appOn(counted.store);
    const kept = await get(next, LAG);
    assert.deepEqual([kept.status, kept.origin], [200, "stored"]);
    assert.equal(kept.body, live.body, "the kept answer is the one a request computes");
    assert.equal(counted.reads(), 0, "no source builds read");
    // Parameters in another order, an empty one, the default format: the same kept answer.
    assert.equal((await get(next, "/api/lag/summary?release=&format=json&rebuild=almalinux")).origin, "stored");
    const again = await warmStoredAnswers(appOn(store), { store, catalog });
    assert.deepEqual([again.computed, again.stored], [0, first.computed]);
    // Not a dashboard request: measured as before, and not kept.
    assert.equal((await get(next, "/api/lag/summary?rebuild=almalinux&release=9")).origin, "computed");
    assert.equal(await new StoredAnswerStore(store.db).get("/api/lag/summary?rebuild=almalinux&release=9"), null);
  } finally {
    await store.close();
  }
});

test("a change to one distribution's data makes only the answers that read it stale", async () => {
  const store = await openSqliteStore(db);
  try {
    await warmStoredAnswers(appOn(store), { store, catalog });
    // Rocky's release dates: every-distribution answers (the report) read them, AlmaLinux's lag does not.
    await store.replaceReleaseDates(
      "rocky",
      "test",
      "test dates",
      [{ release: "9.4", stage: "ga", date: "2024-05-09" }],
      new Date("2024-06-01T00:00:00Z"),
    );
    const app = appOn(store);
    assert.equal((await get(app, LAG)).origin, "stored");
    assert.equal((await get(app, "/api/release-lag")).origin, "computed");
    const later = appOn(store);
    assert.equal((await get(later, "/api/release-lag")).origin, "stored", "kept by the request that computed it");
  } finally {
    await store.close();
  }
});

test("while a command that promised a refresh runs, the previous answer is served and says so", async () => {
  const store = await openSqliteStore(db);
  try {
    await warmStoredAnswers(appOn(store), { store, catalog });
    const badge = "/api/badge/almalinux/release-lag.svg";
    const before = await get(appOn(store), badge);
    const answers = new StoredAnswerStore(store.db);
    await answers.promise("test-owner", ["almalinux"], new Date());
    await store.replaceReleaseDates(
      "almalinux",
      "test",
      "test dates",
      [{ release: "9.3", stage: "ga", date: "2023-11-14" }],
      new Date("2024-06-01T00:00:00Z"),
    );
    const app = appOn(store);
    const during = await get(app, badge);
    assert.deepEqual([during.origin, during.body], ["stored, refreshing", before.body]);
    assert.equal((await get(app, badge)).origin, "stored, refreshing", "not kept in memory");
    await answers.fulfil("test-owner");
    const afterwards = await get(app, badge);
    assert.equal(afterwards.origin, "computed");
  } finally {
    await store.close();
  }
});

test("elscope sync refreshes the kept answers that read the synced distribution once it commits", async () => {
  const store = await openSqliteStore(db);
  try {
    await warmStoredAnswers(appOn(store), { store, catalog });
  } finally {
    await store.close();
  }
  // A second RHEL build AlmaLinux has not shipped: the lag summary gains a pending build.
  const repo = join(dir.path, "rhel");
  await buildRpms(
    [
      {
        name: "zsh",
        version: "5.8",
        release: "9.el9",
        arch: "x86_64",
        withSource: true,
        fileTime: new Date("2024-05-20T00:00:00Z"),
      },
    ],
    join(repo, "Packages"),
  );
  await createrepo(repo);
  const r = await runCli(["--db", db, "sync", "--url", repo, "--as", "rhel:9.4/BaseOS/x86_64"]);
  assert.equal(r.code, 0, r.stderr);
  const reopened = await openSqliteStore(db);
  try {
    const counted = counting(reopened);
    const kept = await get(appOn(counted.store), LAG);
    assert.equal(kept.origin, "stored");
    assert.equal(counted.reads(), 0);
    const summary = (
      JSON.parse(kept.body) as { summaries: { groupBy: string; builds: number; pending: number }[] }
    ).summaries.find((s) => s.groupBy === "distro");
    assert.deepEqual([summary?.builds, summary?.pending], [2, 1]);
    assert.equal(kept.body, (await get(appOn(reopened, { answers: "refresh" }), LAG)).body);
    const promises = await reopened.db.selectFrom("answer_refreshes").selectAll().execute();
    assert.deepEqual(promises, [], "the sync fulfilled its promise");
  } finally {
    await reopened.close();
  }
});

test("elscope report reads the kept overview while the data is unchanged, and keeps it when it computes one", async () => {
  const report = async (out: string): Promise<{ generatedAt: string; text: string }> => {
    const r = await runCli(["--db", db, "report", "--out", join(dir.path, out), "--format", "json,md"]);
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(join(dir.path, out, "elscope-report.json"), "utf8");
    return { generatedAt: (JSON.parse(text) as { generatedAt: string }).generatedAt, text };
  };
  const store = await openSqliteStore(db);
  try {
    await store.db.deleteFrom("stored_answers").execute();
  } finally {
    await store.close();
  }
  const first = await report("r1");
  const second = await report("r2");
  // Built again, it would say a later time: the same time is the kept report.
  assert.equal(second.text, first.text);
  assert.equal(
    await readFile(join(dir.path, "r2", "elscope-report.md"), "utf8"),
    await readFile(join(dir.path, "r1", "elscope-report.md"), "utf8"),
  );
  const changed = await openSqliteStore(db);
  try {
    await changed.replaceReleaseDates(
      "rocky",
      "test",
      "later dates",
      [{ release: "9.5", stage: "ga", date: "2024-11-19" }],
      new Date(),
    );
  } finally {
    await changed.close();
  }
  const third = await report("r3");
  assert.ok(third.generatedAt > first.generatedAt, "the data changed: built anew");
});
