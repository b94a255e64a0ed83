import type { SourceBuild } from "../model/source-build.js";
import { SHARED_POOL as POOL } from "../model/string-pool.js";

/**
 * A distribution's source builds, already folded over its repositories, as one blob (migration
 * 0019): a line per build, `name TAB epoch TAB version TAB release TAB releases TAB repositories
 * TAB file time (empty when unknown) TAB first seen`, the two lists comma-separated, in the
 * builds' order, as UTF-8. Reading it back costs about a fifth of folding the repositories' packs
 * again (bench:compare). Pure: builds in, bytes out, and back.
 */
export interface BuildFoldPack {
  readonly buildCount: number;
  readonly body: Uint8Array;
}

/**
 * The pack of `builds`, or null when one holds a tab, a line break or (in a list) a comma, or an
 * empty name, version or release: such builds are folded again on every read instead.
 *
 * @example
 * packBuildFold([{ name: "bash", epoch: 0, version: "5.1.8", release: "9.el9", releases: ["9"], repos: ["BaseOS"], fileTime: null, firstSeen: "2026-12-02T10:00:00.000Z" }])?.buildCount // 1
 */
export function packBuildFold(builds: readonly SourceBuild[]): BuildFoldPack | null {
  // Builds share their lists: each list is checked and joined once, not once per build.
  const joined = new Map<readonly string[], string>();
  const listed = (l: readonly string[]): string | null => {
    let text = joined.get(l);
    if (text !== undefined) return text;
    if (l.length === 0 || l.some((x) => x === "" || x.includes(","))) return null;
    joined.set(l, (text = l.join(",")));
    return text;
  };
  // Each line written into one growing buffer: lines joined into one text took twice as long.
  let bytes = Buffer.allocUnsafe(1 << 20);
  let length = 0;
  for (const b of builds) {
    const releases = listed(b.releases);
    const repos = listed(b.repos);
    if (b.name === "" || b.version === "" || b.release === "" || releases === null || repos === null) return null;
    if (!Number.isSafeInteger(b.epoch) || (b.fileTime !== null && !Number.isSafeInteger(b.fileTime))) return null;
    const line = `${length === 0 ? "" : "\n"}${b.name}\t${b.epoch}\t${b.version}\t${b.release}\t${releases}\t${repos}\t${b.fileTime ?? ""}\t${b.firstSeen}`;
    // At most 3 UTF-8 bytes per UTF-16 unit.
    if (length + 3 * line.length > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(length + 3 * line.length, 2 * bytes.length));
      bytes.copy(grown, 0, 0, length);
      bytes = grown;
    }
    length += bytes.write(line, length, "utf8");
  }
  const body = bytes.subarray(0, length);
  // A tab or a line break inside a value shows as one too many: counted over the whole pack at once.
  if (count(body, TAB) !== 7 * builds.length || count(body, NL) !== Math.max(0, builds.length - 1)) return null;
  return { buildCount: builds.length, body };
}

const TAB = 0x09;
const NL = 0x0a;

function count(bytes: Buffer, byte: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte); i >= 0; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
}

/**
 * The builds of a pack, or null when it is not one (a line count or a field that does not read):
 * a fold is kept only to be faster, so a damaged one is folded again, never an error.
 *
 * @example
 * const builds = unpackBuildFold(pack) ?? foldAgain();
 */
export function unpackBuildFold(pack: BuildFoldPack): SourceBuild[] | null {
  const { buildCount, body } = pack;
  // The store's own row, but a store can be edited: anything but bytes and a whole count is not a fold.
  if (!(body instanceof Uint8Array) || !Number.isSafeInteger(buildCount) || buildCount < 0) return null;
  const text = Buffer.from(body.buffer, body.byteOffset, body.length).toString("utf8");
  const out: SourceBuild[] = [];
  // Builds in the same releases and repositories share one list, as the collector made them, and
  // a run of builds seen by one sync shares one time: the previous build's value is reused when the
  // text is the same, so most builds cost one object and three strings.
  const lists = new Map<string, readonly string[]>();
  const list = (from: number, to: number, prev: readonly string[] | null, prevText: string): readonly string[] => {
    if (prev !== null && to - from === prevText.length && text.startsWith(prevText, from)) return prev;
    const s = text.slice(from, to);
    let l = lists.get(s);
    if (l === undefined) lists.set(s, (l = s.split(",").map((x) => POOL.get(x))));
    return l;
  };
  let releases: readonly string[] | null = null;
  let releasesText = "";
  let repos: readonly string[] | null = null;
  let reposText = "";
  let seen = "";
  const tabs = new Array<number>(7);
  let i = 0;
  for (let n = 0; n < buildCount; n++) {
    if (i > text.length) return null;
    let end = text.indexOf("\n", i);
    if (end < 0) end = text.length;
    let at = i - 1;
    for (let k = 0; k < 7; k++) {
      at = text.indexOf("\t", at + 1);
      if (at < 0 || at >= end) return null;
      tabs[k] = at;
    }
    const [a, b, c, d, e, f, g] = tabs as [number, number, number, number, number, number, number];
    const epoch = integerAt(text, a + 1, b);
    const fileTime = f + 1 === g ? null : integerAt(text, f + 1, g);
    if (a === i || c === b + 1 || d === c + 1 || e === d + 1 || f === e + 1 || g + 1 === end) return null;
    if (Number.isNaN(epoch) || (fileTime !== null && Number.isNaN(fileTime))) return null;
    const r = list(d + 1, e, releases, releasesText);
    if (r !== releases) {
      releases = r;
      releasesText = text.slice(d + 1, e);
    }
    const p = list(e + 1, f, repos, reposText);
    if (p !== repos) {
      repos = p;
      reposText = text.slice(e + 1, f);
    }
    if (end - g - 1 !== seen.length || !text.startsWith(seen, g + 1)) seen = POOL.get(text.slice(g + 1, end));
    out.push({
      name: POOL.get(text.slice(i, a)),
      epoch,
      version: POOL.get(text.slice(b + 1, c)),
      release: POOL.get(text.slice(c + 1, d)),
      releases: r,
      repos: p,
      fileTime,
      firstSeen: seen,
    });
    i = end + 1;
  }
  // Every line read, and nothing after the last.
  return i >= text.length ? out : null;
}

/** The decimal integer in text [from, to), or NaN (empty, another character, or beyond 2^53). */
function integerAt(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 0x2d;
  if (negative) i++;
  if (i >= to || to - i > 16) return Number.NaN;
  let v = 0;
  for (; i < to; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    v = v * 10 + digit;
  }
  if (!Number.isSafeInteger(v)) return Number.NaN;
  return negative ? -v : v;
}
