// decompressFile on .xz files made by the real `xz`, through each decoder elscope has: the system
// `xz -dc` (the default) and lzma-native (ELSCOPE_XZ_DECODER=native, where it is installed).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
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
});

after(async () => {
  await dir.remove();
});

async function readAll(path: string, decoder: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of decompressFile(
    path,
    { sourceId: "t:9/BaseOS/x86_64", file: "primary.xml.xz" },
    {
      ELSCOPE_XZ_DECODER: decoder,
    },
  )) {
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

for (const decoder of ["xz", "native"] as const) {
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
