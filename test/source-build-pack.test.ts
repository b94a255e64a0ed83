// A snapshot's source builds as one text (migration 0017): what is packed is what is read back,
// in batches, and a damaged pack is refused with a ParseError naming the store, never half-read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ParseError } from "../src/errors/parse-error.js";
import type { SourceBuildRow } from "../src/store/snapshot-tally.js";
import { SourceBuildPacker, unpackSourceBuilds } from "../src/store/source-build-pack.js";

const rows: SourceBuildRow[] = [
  { sourcerpm: "bash-5.1.8-9.el9.src.rpm", epoch: 0, fileTime: 1_700_000_000, firstSeen: "2024-06-01T00:00:00.000Z" },
  { sourcerpm: "kernel-5.14.0-427.el9.src.rpm", epoch: 0, fileTime: null, firstSeen: "2024-06-01T00:00:00.000Z" },
  { sourcerpm: "perl-x-3-1.el9.src.rpm", epoch: 4, fileTime: 1_500_000_000, firstSeen: "2024-05-01T00:00:00.000Z" },
  { sourcerpm: "old-1-1.src.rpm", epoch: 0, fileTime: -5, firstSeen: "2024-05-01T00:00:00.000Z" },
];

const bytes = (text: string): Uint8Array => Buffer.from(text, "utf8");

function packOf(chunks: readonly (readonly SourceBuildRow[])[]) {
  const p = new SourceBuildPacker();
  for (const c of chunks) p.add(c);
  return p.pack();
}

test("rows packed in chunks are read back the same, in batches of the size asked", () => {
  const pack = packOf([rows.slice(0, 3), rows.slice(3)]);
  assert.ok(pack);
  assert.equal(pack.rowCount, 4);
  const batches = [...unpackSourceBuilds(pack, 2)];
  assert.deepEqual(
    batches.map((b) => b.length),
    [2, 2],
  );
  assert.deepEqual(batches.flat(), rows);
  // Equal first-seen times are one string, not a copy per row (checked by value here; identity is V8's).
  assert.equal(batches[0]?.[0]?.firstSeen, batches[0]?.[1]?.firstSeen);
  assert.deepEqual([...unpackSourceBuilds({ rowCount: 0, body: new Uint8Array() }, 2)], []);
  assert.deepEqual(packOf([]), { rowCount: 0, body: Buffer.alloc(0) });
  // Names are UTF-8, whatever their bytes.
  const odd = { ...rows[0], sourcerpm: "caf\u00e9-1-1.el9.src.rpm" } as SourceBuildRow;
  const oddPack = packOf([[odd]]);
  assert.ok(oddPack);
  assert.deepEqual([...unpackSourceBuilds(oddPack, 2)].flat(), [odd]);
});

test("a row that cannot be packed leaves no pack", () => {
  for (const bad of [
    { ...rows[0], sourcerpm: "a\tb-1-1.src.rpm" },
    { ...rows[0], sourcerpm: "a\nb-1-1.src.rpm" },
    { ...rows[0], sourcerpm: "" },
    { ...rows[0], firstSeen: "2024\n" },
    { ...rows[0], epoch: 1.5 },
    { ...rows[0], fileTime: Number.NaN },
  ] as SourceBuildRow[]) {
    assert.equal(packOf([rows, [bad], rows]), null, JSON.stringify(bad));
  }
});

test("a damaged pack is refused before or at the line that is wrong", () => {
  const good = packOf([rows]);
  assert.ok(good);
  for (const [name, pack] of [
    ["fewer lines", { snapshotId: 7, rowCount: 5, body: good.body }],
    ["more lines", { rowCount: 3, body: good.body }],
    ["three fields", { rowCount: 1, body: bytes("bash-1-1.src.rpm\t0\t5") }],
    ["no name", { rowCount: 1, body: bytes("\t0\t5\t2024") }],
    ["no epoch", { rowCount: 1, body: bytes("bash-1-1.src.rpm\t\t5\t2024") }],
    ["epoch not a number", { rowCount: 1, body: bytes("bash-1-1.src.rpm\tx\t5\t2024") }],
    ["a sign alone", { rowCount: 1, body: bytes("bash-1-1.src.rpm\t0\t-\t2024") }],
    ["time not an integer", { rowCount: 1, body: bytes("bash-1-1.src.rpm\t0\t5.5\t2024") }],
    ["time beyond 2^53", { rowCount: 1, body: bytes("bash-1-1.src.rpm\t0\t99999999999999999\t2024") }],
  ] as const) {
    assert.throws(
      () => [...unpackSourceBuilds(pack, 2)],
      (e: unknown) =>
        e instanceof ParseError &&
        e.sourceId === "store" &&
        e.file ===
          (pack === undefined || !("snapshotId" in pack) ? "source_build_packs" : "source_build_packs, snapshot 7"),
      name,
    );
  }
});
