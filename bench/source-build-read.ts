// Micro-benchmark: the two ways the store gives a whole distribution's source builds to the
// analyses (src/store/current-packages.ts), on the comparison store (npm run bench:compare), in
// interleaved passes of one process: (a) each newest snapshot's pack, one blob (migration 0017),
// read and unpacked into rows; (b) the same rows of `source_builds`, read 2,048 at a time in key
// order. Both through better-sqlite3, outside Kysely. The first pass reads from a cold page cache.
// Usage: npm run bench:source-read -- [--db STORE] [--passes N]
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { unpackSourceBuilds } from "../src/store/source-build-pack.js";
import { benchArg } from "./bench-arg.js";
import { median } from "./median.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dbPath = benchArg("db", join(ROOT, "bench", "out", "compare", "store-30000.db"));
const passes = Number(benchArg("passes", "5"));

const db = new Database(dbPath, { readonly: true, fileMustExist: true });
const packs = db.prepare<[], { row_count: number; body: Buffer }>("select row_count, body from source_build_packs");
const ids = db.prepare<[], number>("select snapshot_id from source_build_packs order by snapshot_id").pluck().all();
const batch = db.prepare<[number, string], { sourcerpm: string }>(
  `select sourcerpm, epoch, file_time as fileTime, first_seen as firstSeen from source_builds
   where snapshot_id = ? and sourcerpm > ? order by sourcerpm limit 2048`,
);

function viaPacks(): number {
  let n = 0;
  for (const p of packs.all())
    for (const rows of unpackSourceBuilds({ rowCount: p.row_count, body: p.body }, 2048)) n += rows.length;
  return n;
}

function viaRows(): number {
  let n = 0;
  for (const id of ids) {
    for (let after = ""; ;) {
      const rows = batch.all(id, after);
      n += rows.length;
      const last = rows.at(-1);
      if (last === undefined || rows.length < 2048) break;
      after = last.sourcerpm;
    }
  }
  return n;
}

const times: Record<"packs" | "rows", number[]> = { packs: [], rows: [] };
for (let pass = 0; pass < passes; pass++) {
  for (const [name, read] of [
    ["packs", viaPacks],
    ["rows", viaRows],
  ] as const) {
    const t = performance.now();
    const n = read();
    const ms = performance.now() - t;
    times[name].push(ms);
    process.stderr.write(`pass ${pass + 1}: ${name}: ${n} source builds in ${ms.toFixed(0)} ms\n`);
  }
}
const p = median(times.packs.slice(1));
const r = median(times.rows.slice(1));
process.stdout.write(
  `${ids.length} packs; medians of passes 2-${passes}: packs ${p.toFixed(0)} ms, rows ${r.toFixed(0)} ms, packs/rows ${(p / r).toFixed(2)}\n`,
);
