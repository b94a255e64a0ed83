// decompressFile on .xz files made by the real `xz`, through each decoder elscope has: the system
// `xz -dc` (the default) through a pipe or spilled to a file the reader follows (spillDir, as sync
// reads), and lzma-native (ELSCOPE_XZ_DECODER=native, where it is installed).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ConfigError } from "../src/errors/config-error.js";
import { ParseError } from "../src/errors/parse-error.js";
import { decompressFile } from "../src/sources/decompress.js";
import { hasLzmaNative } from "./helpers/has-lzma-native.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let plain: Buffer;
const files: Record<"good" | "twoStreams" | "truncated" | "corrupt", string> = {
  good: "",
  twoStreams: "",
  truncated: "",
  corrupt: "",
};

before(async () => {
  dir = await tempDir();
  // About 3 MB of XML-like text: many of the decoders' 256 KiB chunks, several xz blocks with -T2.
  const lines: string[] = [];
  for (let i = 0; i < 40000; i++) lines.push(`<package><name>pkg${i.toString(36)}</name><v>${(i * 7919) % 997}</v>`);
  plain = Buffer.from(lines.join("\n"));
  const xz = (input: Buffer, ...args: string[]) => execFileSync("xz", ["-c", ...args], { input });
  const good = xz(plain, "-T2", "--block-size=500KiB");
  const half = plain.length >> 1;
  const write = async (name: keyof typeof files, bytes: Buffer) => {
    files[name] = join(dir.path, `${name}-primary.xml.xz`);
    await writeFile(files[name], bytes);
  };
  await write("good", good);
  // xz -dc reads concatenated streams as one file (xz(1), "Concatenation").
  await write("twoStreams", Buffer.concat([xz(plain.subarray(0, half)), xz(plain.subarray(half))]));
  await write("truncated", good.subarray(0, Math.floor(good.length * 0.6)));
  const corrupt = Buffer.from(good);
  corrupt[corrupt.length >> 1] = (corrupt[corrupt.length >> 1] ?? 0) ^ 0xff;
  await write("corrupt", corrupt);
  await mkdir(spillDir());
});

after(async () => {
  await dir.remove();
});

type Decoder = "xz" | "xz, spilled" | "native" | "lzma";

async function readAll(path: string, decoder: Decoder): Promise<Buffer> {
  const parts: Buffer[] = [];
  const spilled = decoder === "xz, spilled";
  for await (const chunk of decompressFile(
    path,
    { sourceId: "t:9/BaseOS/x86_64", file: "primary.xml.xz", ...(spilled ? { spillDir: spillDir() } : {}) },
    {
      ELSCOPE_XZ_DECODER: spilled ? "xz" : decoder,
    },
  )) {
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

const spillDir = (): string => join(dir.path, "spill");

for (const decoder of ["xz", "xz, spilled", "native"] as const) {
  const skip = decoder === "native" && !hasLzmaNative ? "lzma-native is not installed" : false;
  describe(`.xz through ${decoder}`, { skip }, () => {
    test("a valid file gives exactly the bytes xz -dc gives", async () => {
      const expected = execFileSync("xz", ["-dc", "--", files.good], { maxBuffer: 1 << 26 });
      assert.ok(expected.equals(plain), "the file was made from this text");
      assert.ok((await readAll(files.good, decoder)).equals(expected));
    });

    test("two concatenated streams read as one file, as xz -dc reads them", async () => {
      const expected = execFileSync("xz", ["-dc", "--", files.twoStreams], { maxBuffer: 1 << 26 });
      assert.ok((await readAll(files.twoStreams, decoder)).equals(expected));
    });

    for (const [name, words] of [
      ["truncated", "Unexpected end of input"],
      ["corrupt", "Compressed data is corrupt"],
    ] as const) {
      test(`a ${name} file is a one-line ParseError in xz's words, naming source and file`, async () => {
        // The same words the xz program prints for this file.
        const r = (() => {
          try {
            execFileSync("xz", ["-dc", "--", files[name]], { stdio: ["ignore", "ignore", "pipe"] });
            return "";
          } catch (e) {
            return String((e as { stderr: Buffer }).stderr);
          }
        })();
        assert.match(r, new RegExp(words));
        await assert.rejects(readAll(files[name], decoder), (e: unknown) => {
          assert.ok(e instanceof ParseError, String(e));
          assert.equal(e.message, `t:9/BaseOS/x86_64: primary.xml.xz: xz data: ${words}`);
          return true;
        });
      });
    }
  });
}

test("an unknown ELSCOPE_XZ_DECODER is a ConfigError naming the variable", async () => {
  await assert.rejects(readAll(files.good, "lzma"), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /ELSCOPE_XZ_DECODER must be "xz" or "native", not "lzma"/);
    return true;
  });
});

describe("output spilled to a file (spillDir)", () => {
  const ctx = (maxBytes?: number) => ({
    sourceId: "t:9/BaseOS/x86_64",
    file: "primary.xml.xz",
    spillDir: spillDir(),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });

  test("leaves nothing in the folder after a good read, a failed read and a reader that stops early", async () => {
    assert.ok((await readAll(files.good, "xz, spilled")).equals(plain));
    assert.deepEqual(await readdir(spillDir()), []);
    await assert.rejects(readAll(files.truncated, "xz, spilled"), ParseError);
    assert.deepEqual(await readdir(spillDir()), []);
    for await (const chunk of decompressFile(files.good, ctx())) {
      assert.ok(chunk.length > 0);
      break;
    }
    assert.deepEqual(await readdir(spillDir()), []);
  });

  test("zstd and bzip2 give the bytes their own tools give", async () => {
    for (const [tool, ext] of [
      ["zstd", "zst"],
      ["bzip2", "bz2"],
    ] as const) {
      const path = join(dir.path, `primary.xml.${ext}`);
      await writeFile(path, execFileSync(tool, ["-c"], { input: plain, maxBuffer: 1 << 26 }));
      const parts: Buffer[] = [];
      for await (const chunk of decompressFile(path, { ...ctx(), file: `primary.xml.${ext}` })) parts.push(chunk);
      assert.ok(Buffer.concat(parts).equals(execFileSync(tool, ["-dc", "--", path], { maxBuffer: 1 << 26 })), tool);
    }
  });

  test("a bomb takes at most maxBytes + 1 bytes of disk, even while its reader waits", async () => {
    const bomb = join(dir.path, "bomb-primary.xml.xz");
    await writeFile(
      bomb,
      execFileSync("xz", ["-c", "-1"], { input: Buffer.alloc(64 << 20, "<package/>"), maxBuffer: 1 << 26 }),
    );
    const max = 1 << 20;
    const it = decompressFile(bomb, ctx(max))[Symbol.asyncIterator]();
    assert.equal((await it.next()).done, false);
    // The reader holds the spilled file open, unlinked: its size is what xz has written so far.
    const spilled = (): number => {
      for (const fd of readdirSync("/proc/self/fd")) {
        try {
          if (/\.xz-output-[0-9a-f]+ \(deleted\)$/.test(readlinkSync(`/proc/self/fd/${fd}`))) {
            return statSync(`/proc/self/fd/${fd}`).size;
          }
        } catch {
          // A descriptor closed while the folder was listed.
        }
      }
      throw new Error("no spilled file is open");
    };
    for (let waited = 0; spilled() < max + 1 && waited < 5000; waited += 10) await sleep(10);
    await sleep(300);
    // xz had 64 MiB to give and nobody reading: only the file size limit stopped it.
    assert.equal(spilled(), max + 1);
    await assert.rejects(
      (async () => {
        for (let r = await it.next(); r.done !== true; r = await it.next());
      })(),
      (e: unknown) => {
        assert.ok(e instanceof ParseError, String(e));
        assert.match(e.message, /decompresses to more than 1048576 bytes/);
        return true;
      },
    );
    assert.deepEqual(await readdir(spillDir()), []);
  });

  test("the decompressor ends when elscope dies while it writes (kill -9 leaves no xz behind)", async () => {
    // 128 copies of one small stream: xz -dc reads them as one file of 1 GiB, over a second of work.
    const one = execFileSync("xz", ["-c", "-1"], { input: Buffer.alloc(8 << 20, "<package/>"), maxBuffer: 1 << 26 });
    const long = join(dir.path, "long-primary.xml.xz");
    await writeFile(long, Buffer.concat(Array.from({ length: 128 }, () => one)));
    const module = new URL("../src/sources/decompress.js", import.meta.url).href;
    const script = `const { decompressFile } = await import(${JSON.stringify(module)});
for await (const c of decompressFile(${JSON.stringify(long)}, { sourceId: "t", file: "f", spillDir: ${JSON.stringify(spillDir())} })) {
  process.kill(process.pid, "SIGKILL");
}`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script]);
    assert.equal(r.signal, "SIGKILL");
    const running = (): boolean =>
      readdirSync("/proc")
        .filter((p) => /^[0-9]+$/.test(p))
        .some((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, "latin1").includes(long);
          } catch {
            return false;
          }
        });
    let waited = 0;
    while (running() && waited < 300) {
      await sleep(10);
      waited += 10;
    }
    assert.equal(running(), false, "an xz reading the file still runs");
  });

  test("a missing xz, or a missing setpriv, is a ConfigError naming the program, through a pipe or spilled", async () => {
    const bin = join(dir.path, "bin");
    await mkdir(bin);
    const path = process.env["PATH"];
    try {
      process.env["PATH"] = bin;
      await assert.rejects(readAll(files.good, "xz"), /the "xz" program is needed to read xz files/);
      await assert.rejects(readAll(files.good, "xz, spilled"), /"setpriv" and "prlimit" programs \(util-linux\)/);
      // setpriv and prlimit found, xz not: prlimit's exit code 127 says which one is missing.
      for (const tool of ["setpriv", "prlimit"]) {
        const found = execFileSync("sh", ["-c", `command -v ${tool}`], { env: { PATH: path } })
          .toString()
          .trim();
        await symlink(found, join(bin, tool));
      }
      await assert.rejects(readAll(files.good, "xz, spilled"), (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.match(e.message, /the "xz" program is needed to read xz files/);
        return true;
      });
    } finally {
      process.env["PATH"] = path;
    }
    assert.deepEqual(await readdir(spillDir()), []);
  });
});
