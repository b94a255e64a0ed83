import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, createReadStream, openSync, unlinkSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ConfigError } from "../errors/config-error.js";
import { ParseError } from "../errors/parse-error.js";
import { coalesceChunks } from "./coalesce-chunks.js";
import { decompressNativeXz } from "./decompress-native-xz.js";
import { followGrowingFile } from "./follow-growing-file.js";
import { xzDecoder } from "./xz-decoder.js";

/** The compressions rpm-md repositories use, told apart by magic bytes, not by file name. */
export type Compression = "gzip" | "xz" | "zstd" | "bzip2" | "none";

/**
 * Names the compression of `head` (the first bytes of a file).
 *
 * @example
 * detectCompression(Buffer.from([0x1f, 0x8b, 8])) // "gzip"
 */
export function detectCompression(head: Uint8Array): Compression {
  const at = (i: number): number | undefined => head[i];
  if (at(0) === 0x1f && at(1) === 0x8b) return "gzip";
  if (at(0) === 0xfd && at(1) === 0x37 && at(2) === 0x7a && at(3) === 0x58 && at(4) === 0x5a && at(5) === 0x00) {
    return "xz";
  }
  if (at(0) === 0x28 && at(1) === 0xb5 && at(2) === 0x2f && at(3) === 0xfd) return "zstd";
  if (at(0) === 0x42 && at(1) === 0x5a && at(2) === 0x68) return "bzip2";
  return "none";
}

// xz, zstd and bzip2 go through the system's own decompressors (Debian xz-utils,
// zstd, bzip2): Node 20 has no zstd or xz, and a separate process decompresses
// on the second core while this one parses (see shared notes on performance).
// For xz, that beat liblzma in this process (lzma-native 8.0.6, which bundles liblzma
// 5.2.3) when measured on 2026-12-01 with `npm run bench:xz -- --rounds 3` (60,000
// packages, 294 MB of XML in 13 MB of xz, on the shared 2-core machine): lzma-native
// took 1.56x xz's decode time and 1.40x its CPU, and the whole sync took 1.28x as long
// with a 28 MB higher peak RSS. The native decoder stays reachable with
// ELSCOPE_XZ_DECODER=native (src/sources/xz-decoder.ts) so the bench can be run again.
const TOOLS: Readonly<Record<"xz" | "zstd" | "bzip2", string>> = {
  xz: "xz",
  zstd: "zstd",
  bzip2: "bzip2",
};

const SPILL_FLAGS: Readonly<Record<"xz" | "zstd" | "bzip2", readonly string[]>> = {
  xz: ["--no-sparse"],
  zstd: ["--no-sparse"],
  bzip2: [],
};

// 256 KiB: large enough that per-chunk costs vanish, small enough to keep memory flat.
const CHUNK = 1 << 18;

// Each output chunk of Node's gunzip is one call into zlib and one turn of the stream on the
// parser's thread, which bounds a sync. 512 KiB halves those turns: a 60,000-package sync took
// 1.75-1.77 s against 1.86-1.98 s with 256 KiB, peaking at 143-144 MB against 144-152 MB
// (3-4 runs each, 2026-12-03); 1 MiB was no faster and peaked at 156-160 MB.
const GUNZIP_CHUNK = 1 << 19;

/** Which file is read, for messages, and how many decompressed bytes it may give. */
export interface DecompressContext {
  readonly sourceId: string;
  readonly file: string;
  /**
   * Decompressed bytes allowed (default: unlimited). It travels in the parse context, so it
   * reaches the parser's worker thread with the file's name.
   */
  readonly maxBytes?: number;
  /**
   * A folder of elscope's own where xz, zstd and bzip2 may write what they decompress, for the
   * reader to follow (see openSpill); without it their output comes through a pipe. The file
   * takes up to the decompressed size on disk while it is read and is gone when it ends.
   */
  readonly spillDir?: string;
}

/**
 * Streams the decompressed bytes of the file at `path`, whatever its compression.
 * A truncated or corrupt file, or one that decompresses to more than `ctx.maxBytes`
 * (a zip bomb), ends in a ParseError naming the source and file.
 * `env` is read for ELSCOPE_XZ_DECODER only.
 *
 * @example
 * for await (const chunk of decompressFile("primary.xml.zst", { sourceId: "t", file: "primary.xml.zst" })) {}
 */
export async function* decompressFile(
  path: string,
  ctx: DecompressContext,
  env: NodeJS.ProcessEnv = process.env,
): AsyncGenerator<Buffer, void, undefined> {
  const max = ctx.maxBytes;
  if (max === undefined) return yield* decompressed(path, ctx, env);
  let bytes = 0;
  for await (const chunk of decompressed(path, ctx, env)) {
    bytes += chunk.length;
    // Stopping here ends the decompressor too (its generator's finally kills the child process).
    if (bytes > max)
      throw new ParseError(ctx.sourceId, `decompresses to more than ${max} bytes, the limit for one file`, {
        file: ctx.file,
      });
    yield chunk;
  }
}

async function* decompressed(
  path: string,
  ctx: DecompressContext,
  env: NodeJS.ProcessEnv,
): AsyncGenerator<Buffer, void, undefined> {
  const head = Buffer.alloc(8);
  const fh = await open(path, "r");
  try {
    await fh.read(head, 0, 8, 0);
  } finally {
    await fh.close();
  }
  const kind = detectCompression(head);
  const fail = (problem: string, cause?: unknown): ParseError =>
    new ParseError(ctx.sourceId, `${kind} data: ${problem}`, {
      file: ctx.file,
      cause,
    });
  if (kind === "none") {
    yield* createReadStream(path, {
      highWaterMark: CHUNK,
    }) as AsyncIterable<Buffer>;
    return;
  }
  if (kind === "gzip") {
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
    createReadStream(path, { highWaterMark: CHUNK })
      .on("error", (e) => gunzip.destroy(e))
      .pipe(gunzip);
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
    } catch (e) {
      throw fail(e instanceof Error ? e.message : String(e), e);
    }
    return;
  }
  if (kind === "xz" && xzDecoder(env, ctx.sourceId) === "native") {
    const native = decompressNativeXz(path, CHUNK, fail);
    if (native === null) {
      // Asked for by name, so falling back to xz would make the bench compare xz with itself.
      throw new ConfigError(
        ctx.sourceId,
        "ELSCOPE_XZ_DECODER=native needs the lzma-native package, which does not load here (a development dependency: npm ci in a clone)",
        { file: ctx.file },
      );
    }
    yield* coalesceChunks(native, CHUNK);
    return;
  }
  const tool = TOOLS[kind];
  const spill = ctx.spillDir === undefined ? null : openSpill(ctx.spillDir, tool);
  // Into a file, xz and zstd would seek over runs of zeros (sparse files); the reader follows
  // the file's size, so every byte is written instead.
  const args = [...(spill === null ? [] : SPILL_FLAGS[kind]), "-dc", "--", path];
  // prlimit caps the spilled file one byte past the limit (decompressFile then stops on that
  // byte), and setpriv's parent-death signal ends the tool if elscope dies first: a file,
  // unlike a pipe, never tells a writer that its reader has gone.
  const limit = ctx.maxBytes === undefined ? "unlimited" : String(ctx.maxBytes + 1);
  const child =
    spill === null
      ? spawn(tool, args, { stdio: ["ignore", "pipe", "pipe"] })
      : spawn("setpriv", ["--pdeathsig", "KILL", "--", "prlimit", `--fsize=${limit}`, "--", tool, ...args], {
          stdio: ["ignore", spill.fd, "pipe"],
        });
  // The child holds its own descriptor now; the name goes at once, so nothing is left behind.
  if (spill !== null) unlinkSync(spill.path);
  let stderr = "";
  // Piped in both forms of the spawn above.
  (child.stderr as Readable).setEncoding("utf8").on("data", (d: string) => {
    if (stderr.length < 4000) stderr += d;
  });
  // Ended once the tool has exited or could not start: the spilled file then grows no more.
  let ended = false;
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", (e) => {
      ended = true;
      reject(e);
    });
    child.on("exit", () => (ended = true));
    child.on("close", (code) => resolve(code));
  });
  // Awaited after the output is read; until then a failed start must not count as unhandled.
  exited.catch(() => undefined);
  const missing = (): ConfigError =>
    new ConfigError(ctx.sourceId, `the "${tool}" program is needed to read ${kind} files; run the README's set-up`, {
      file: ctx.file,
    });
  try {
    if (spill === null) {
      // Pipes deliver 64 KiB pieces; handing the parser fewer, larger ones halves its copying.
      yield* coalesceChunks(child.stdout as AsyncIterable<Buffer>, CHUNK);
    } else {
      yield* followGrowingFile(spill.fd, () => ended, CHUNK);
    }
    const code = await exited;
    // prlimit's exit code for a program it cannot find (util-linux's EX_EXEC_ENOENT).
    if (spill !== null && code === 127) throw missing();
    if (code !== 0) {
      // "xz: /var/cache/…/primary.xml.xz: Unexpected end of input": the tool and our local path
      // are noise; the error names the source and the repository's file itself.
      const msg =
        stderr
          .split(`${path}: `)
          .join("")
          .replace(/^[^:]*: /gm, "")
          .trim()
          .split("\n")[0] ?? "";
      throw fail(msg === "" ? `${tool} exited with ${code ?? child.signalCode}` : msg);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      if (spill === null) throw missing();
      throw new ConfigError(
        ctx.sourceId,
        `the "setpriv" and "prlimit" programs (util-linux) are needed to read ${kind} files; run the README's set-up`,
        { file: ctx.file },
      );
    }
    throw e;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    if (spill !== null) closeSync(spill.fd);
  }
}

/**
 * Opens a new file for a decompressor's output in `dir`, for reading and writing.
 * A pipe holds about 200 KiB: while the parser works on one piece the decompressor fills it
 * and stops, so the two cores take turns instead of working side by side. Through a file the
 * decompressor runs ahead (a 60,000-package xz sync: see README, Benchmarks).
 */
function openSpill(dir: string, tool: string): { readonly path: string; readonly fd: number } {
  const path = join(dir, `.${tool}-output-${randomBytes(6).toString("hex")}`);
  return { path, fd: openSync(path, "wx+", 0o600) };
}
