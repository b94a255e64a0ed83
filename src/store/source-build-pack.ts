import { ParseError } from "../errors/parse-error.js";
import type { SourceBuildRow } from "./snapshot-tally.js";

/**
 * A snapshot's source builds as one blob (migration 0017): a line per build, `sourcerpm TAB epoch
 * TAB file time (empty when unknown) TAB first seen`, in source RPM order, as UTF-8 bytes. A large
 * major's 450,000 source builds read as 15 blobs and unpacked take about 0.4 of the time of reading
 * them as rows, where the driver builds one object and four values per row (bench:source-read).
 * Pure: bytes in, rows out.
 */
export interface SourceBuildPack {
  /** The snapshot it is of, named when a damaged pack is refused. */
  readonly snapshotId?: number;
  readonly rowCount: number;
  /** UTF-8 lines; a blob, so each name read is its own string (see unpackSourceBuilds). */
  readonly body: Uint8Array;
}

/**
 * Packs rows as they come. `pack()` is null when a row holds a tab or a line break (never in a
 * real source RPM name, but the metadata is not trusted), an empty name, or an epoch or time that
 * is not an integer: such a snapshot is read as rows instead.
 *
 * @example
 * const p = new SourceBuildPacker();
 * p.add([{ sourcerpm: "bash-5.1.8-9.el9.src.rpm", epoch: 0, fileTime: 1700000000, firstSeen: "2026-12-02T10:00:00.000Z" }]);
 * p.pack()?.rowCount // 1; its body is the UTF-8 of "bash-5.1.8-9.el9.src.rpm\t0\t1700000000\t2026-12-02T10:00:00.000Z"
 */
export class SourceBuildPacker {
  // The UTF-8 bytes written straight into one growing buffer: a sync's 60,000 lines as strings
  // and then one joined text cost it 10 MB of peak memory.
  #bytes: Buffer = Buffer.allocUnsafe(64 * 1024);
  #length = 0;
  #rows = 0;
  #packable = true;

  add(rows: readonly SourceBuildRow[]): void {
    if (!this.#packable) return;
    for (const r of rows) {
      if (
        r.sourcerpm === "" ||
        /[\t\n]/.test(r.sourcerpm) ||
        /[\t\n]/.test(r.firstSeen) ||
        !Number.isSafeInteger(r.epoch) ||
        (r.fileTime !== null && !Number.isSafeInteger(r.fileTime))
      ) {
        this.#packable = false;
        this.#bytes = Buffer.alloc(0);
        return;
      }
      const line = `${this.#rows === 0 ? "" : "\n"}${r.sourcerpm}\t${r.epoch}\t${r.fileTime ?? ""}\t${r.firstSeen}`;
      const need = this.#length + Buffer.byteLength(line, "utf8");
      if (need > this.#bytes.length) {
        const grown = Buffer.allocUnsafe(Math.max(need, Math.ceil(this.#bytes.length * 1.5)));
        this.#bytes.copy(grown, 0, 0, this.#length);
        this.#bytes = grown;
      }
      this.#length += this.#bytes.write(line, this.#length, "utf8");
      this.#rows++;
    }
  }

  pack(): SourceBuildPack | null {
    return this.#packable ? { rowCount: this.#rows, body: this.#bytes.subarray(0, this.#length) } : null;
  }
}

/**
 * The rows of a pack, `size` at a time, so no array of them all is made. The line count is checked
 * before the first row is given; a line that is not well formed stops the read with a ParseError
 * naming the store (the pack is elscope's own, so that is a damaged store, not bad metadata).
 *
 * @example
 * for (const rows of unpackSourceBuilds(pack, 2048)) collector.addBatch({ distroRelease: "9.4", repo: "BaseOS", rows });
 */
export function* unpackSourceBuilds(pack: SourceBuildPack, size: number): Generator<SourceBuildRow[]> {
  const { rowCount } = pack;
  const body = Buffer.isBuffer(pack.body)
    ? pack.body
    : Buffer.from(pack.body.buffer, pack.body.byteOffset, pack.body.length);
  const damaged = (problem: string) =>
    new ParseError("store", `${problem}; sync that repository again to rewrite it`, {
      file: pack.snapshotId === undefined ? "source_build_packs" : `source_build_packs, snapshot ${pack.snapshotId}`,
    });
  let lines = body.length === 0 ? 0 : 1;
  for (let k = body.indexOf(NL); k >= 0; k = body.indexOf(NL, k + 1)) lines++;
  if (lines !== rowCount) throw damaged(`${lines} lines where ${rowCount} were written`);
  let batch: SourceBuildRow[] = [];
  // A sync gives thousands of builds one first-seen time: the same string, not a copy per row.
  let lastSeen = "";
  let lastStart = 0;
  let lastEnd = 0;
  for (let i = 0, n = 0; n < rowCount; n++) {
    let end = body.indexOf(NL, i);
    if (end < 0) end = body.length;
    const a = body.indexOf(TAB, i);
    const b = a < 0 ? -1 : body.indexOf(TAB, a + 1);
    const c = b < 0 ? -1 : body.indexOf(TAB, b + 1);
    if (a <= i || b <= a + 1 || c < 0 || c >= end) throw damaged(`line ${n + 1} is not four fields`);
    const epoch = integerAt(body, a + 1, b);
    const fileTime = b + 1 === c ? null : integerAt(body, b + 1, c);
    if (Number.isNaN(epoch) || (fileTime !== null && Number.isNaN(fileTime)))
      throw damaged(`line ${n + 1} has a time or epoch that is not an integer`);
    if (end - c - 1 !== lastEnd - lastStart || body.compare(body, lastStart, lastEnd, c + 1, end) !== 0) {
      lastSeen = body.toString("utf8", c + 1, end);
      lastStart = c + 1;
      lastEnd = end;
    }
    // Decoded, not sliced from one text: a slice would keep the whole pack alive as long as any build.
    batch.push({ sourcerpm: body.toString("utf8", i, a), epoch, fileTime, firstSeen: lastSeen });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
    i = end + 1;
  }
  if (batch.length > 0) yield batch;
}

const NL = 0x0a;
const TAB = 0x09;

/** The decimal integer in bytes [from, to), optionally negative, or NaN (empty, another byte, or beyond 2^53). */
function integerAt(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  const negative = bytes[i] === 0x2d;
  if (negative) i++;
  if (i >= to || to - i > 16) return Number.NaN;
  let v = 0;
  for (; i < to; i++) {
    const d = (bytes[i] ?? 0) - 0x30;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  if (!Number.isSafeInteger(v)) return Number.NaN;
  return negative ? -v : v;
}
