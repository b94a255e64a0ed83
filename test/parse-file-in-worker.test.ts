// parseFileInWorker gives the batches parsePrimary gives in this thread, whether its worker was
// started for the job or ahead of it (prewarmParser, which a sync calls once it knows a new
// snapshot is coming); errors cross the thread as the same classes; a spare worker that no job
// takes does not keep the process alive.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { ParseError } from "../src/errors/parse-error.js";
import type { PackageRecord } from "../src/model/package-record.js";
import { parseFileInWorker, prewarmParser } from "../src/sources/parse-file-in-worker.js";
import { parsePrimary } from "../src/sources/rpm-md/parse-primary.js";
import { tempDir } from "./helpers/temp-dir.js";

const FIXTURE = new URL(
  "../../test/fixtures/rpm-md-primary/createrepo-c-epochs-multiarch-sources.xml",
  import.meta.url,
);
const ctx = { sourceId: "fixture", file: "repodata/primary.xml.gz" };

let dir: { path: string; remove: () => Promise<void> };
const files = { good: "", truncated: "" };

before(async () => {
  dir = await tempDir();
  const gz = gzipSync(readFileSync(FIXTURE));
  files.good = join(dir.path, "primary.xml.gz");
  files.truncated = join(dir.path, "truncated.xml.gz");
  await writeFile(files.good, gz);
  await writeFile(files.truncated, gz.subarray(0, gz.length - 40));
});
after(() => dir.remove());

async function inThisThread(): Promise<PackageRecord[]> {
  const out: PackageRecord[] = [];
  for await (const b of parsePrimary(createReadStream(FIXTURE), ctx)) out.push(...b);
  return out;
}

async function inWorker(path: string): Promise<PackageRecord[]> {
  const out: PackageRecord[] = [];
  // Batches of 2, so that the worker waits for acknowledgements.
  for await (const b of parseFileInWorker<PackageRecord>("rpm-md-primary", path, ctx, { batchSize: 2 })) out.push(...b);
  return out;
}

test(
  "a worker started for the job and one started ahead of it give the same records as this thread",
  { timeout: 60_000 },
  async () => {
    const expected = await inThisThread();
    assert.ok(expected.length >= 3);
    assert.deepEqual(await inWorker(files.good), expected);
    prewarmParser();
    prewarmParser(); // one spare at most
    assert.deepEqual(await inWorker(files.good), expected);
    // The spare was taken: the next job starts its own worker.
    assert.deepEqual(await inWorker(files.good), expected);
  },
);

test(
  "a truncated file fails as a ParseError naming the file, through a prewarmed worker too",
  { timeout: 60_000 },
  async () => {
    for (const warm of [false, true]) {
      if (warm) prewarmParser();
      await assert.rejects(inWorker(files.truncated), (e: unknown) => {
        assert.ok(e instanceof ParseError, String(e));
        assert.equal(e.file, ctx.file);
        return true;
      });
    }
  },
);

test("a spare worker that no job takes does not keep the process alive", async () => {
  const module = new URL("../src/sources/parse-file-in-worker.js", import.meta.url).href;
  // A script file, not -e: a worker inherits the parent's flags, and --input-type would stop it.
  const script = join(dir.path, "prewarm-only.mjs");
  await writeFile(
    script,
    `const m = await import(${JSON.stringify(module)});\nm.prewarmParser();\nconsole.log("started");\n`,
  );
  const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.error, undefined, "the process ended by itself");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "started");
});
