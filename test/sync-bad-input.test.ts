import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { editRepomd, recompressMetadata, replaceMetadata, repomdLocation } from "./helpers/tamper-repo.js";
import { hasLzmaNative } from "./helpers/has-lzma-native.js";
import { tempDir } from "./helpers/temp-dir.js";
import { type DialectName, DIALECTS, freshStore } from "./helpers/dialects.js";

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;
let rpms: string;
let caseNo = 0;
before(async () => {
  dir = await tempDir();
  rpms = join(dir.path, "rpms");
  await buildRpms(
    [
      { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" },
      { name: "tzdata", version: "2024a", release: "1.el9", arch: "noarch" },
    ],
    rpms,
  );
  server = await startStaticServer(join(dir.path, "www"));
});

after(async () => {
  await server.close();
  await dir.remove();
});

type Compression = "gz" | "xz" | "bz2" | "zstd" | "none";

/** A repository served at its own path, synced once into its own store, so each case starts from good data. */
async function goodRepo(compression: Compression = "gz", dialect: DialectName = "sqlite") {
  const name = `case${++caseNo}`;
  const repo = join(dir.path, "www", name);
  await mkdir(repo, { recursive: true });
  await cp(rpms, join(repo, "Packages"), { recursive: true });
  await createrepo(repo, { compress: compression === "zstd" || compression === "none" ? "gz" : compression });
  if (compression === "zstd" || compression === "none") await recompressMetadata(repo, "primary", compression);
  const db = await freshStore(dialect, dir.path, name);
  const url = `${server.url}/${name}/`;
  const key = `bad:9/BaseOS/x86_64`;
  const first = await runCli(["--db", db, "sync", "--url", url, "--as", key, "--new-repo", "--json"]);
  assert.equal(first.code, 0, first.stderr);
  const state = async () =>
    (await runCli(["--db", db, "packages", key, "--json"])).stdout +
    (await runCli(["--db", db, "repos", "--json"])).stdout;
  const before = await state();
  assert.match(before, /"name": "bash"/);
  /** Syncs again; the caller's tampering must fail it and leave the store as it was. */
  const syncAgain = async (
    expectedCode: number,
    message: RegExp,
    extra: readonly string[] = [],
    env: NodeJS.ProcessEnv = {},
  ) => {
    const r = await runCli(["--db", db, "sync", "--url", url, "--as", key, "--new-repo", ...extra], env);
    assert.equal(r.code, expectedCode, `exit code; stderr: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /bad:9\/BaseOS\/x86_64/, "the error names the source");
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.equal(await state(), before, "store unchanged");
  };
  return { repo, url, syncAgain };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: bad input gives a clear error, a non-zero exit and an unchanged store`, () => {
    test("checksum mismatch", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const href = await repomdLocation(repo, "primary");
      const bytes = await readFile(join(repo, href));
      bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
      await writeFile(join(repo, href), bytes);
      await editRepomd(repo, (t) => t.replace("<revision>", "<revision>1"));
      await syncAgain(4, /primary\.xml\.gz: checksum mismatch: repomd\.xml says sha256 [0-9a-f]{64}, got [0-9a-f]{64}/);
    });

    test("size mismatch", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const href = await repomdLocation(repo, "primary");
      await writeFile(join(repo, href), Buffer.concat([await readFile(join(repo, href)), Buffer.from("junk")]));
      await editRepomd(repo, (t) => t.replace("<revision>", "<revision>1"));
      await syncAgain(4, /primary\.xml\.gz: larger than the [0-9]+ bytes repomd\.xml declares/);
    });

    for (const [compression, problem] of [
      ["gz", /gzip data: unexpected end of file/],
      ["xz", /xz data: .*(unexpected end of input|truncated)/i],
      ["zstd", /zstd data: .*(truncated|premature end|unexpected end)/i],
      ["bz2", /bzip2 data: .*(unexpected end|compressed file ends unexpectedly|truncated)/i],
    ] as const) {
      test(`truncated ${compression}`, async () => {
        const { repo, syncAgain } = await goodRepo(compression, dialect);
        const href = await repomdLocation(repo, "primary");
        const bytes = await readFile(join(repo, href));
        await replaceMetadata(repo, "primary", bytes.subarray(0, Math.floor(bytes.length * 0.6)));
        await syncAgain(5, problem);
      });
    }

    // The default xz decoder is the system's xz; lzma-native, where installed, must fail the same way.
    for (const decoder of ["xz", "native"] as const) {
      const skip = decoder === "native" && !hasLzmaNative ? "lzma-native is not installed" : false;
      for (const [damage, words] of [
        ["truncated", "Unexpected end of input"],
        ["corrupt", "Compressed data is corrupt"],
      ] as const) {
        test(`${damage} xz through ${decoder}`, { skip }, async () => {
          const { repo, syncAgain } = await goodRepo("xz", dialect);
          const href = await repomdLocation(repo, "primary");
          const bytes = Buffer.from(await readFile(join(repo, href)));
          const mid = bytes.length >> 1;
          bytes[mid] = (bytes[mid] ?? 0) ^ 0xff;
          await replaceMetadata(repo, "primary", damage === "truncated" ? bytes.subarray(0, mid) : bytes);
          // Decoders hand out what they decoded before they reach a block's check, so the parser
          // may stumble on corrupt bytes first: then the one line names the XML problem instead.
          const problem = damage === "corrupt" ? `(xz data: ${words}|[^\n]+ \\(at byte \\d+\\))` : `xz data: ${words}`;
          const line = new RegExp(
            `^elscope: bad:9/BaseOS/x86_64: repodata/[0-9a-f]+-primary\\.xml\\.xz: ${problem}\n$`,
          );
          await syncAgain(5, line, [], { ELSCOPE_XZ_DECODER: decoder });
        });
      }
    }

    test("malformed XML", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const xml = `<?xml version="1.0"?><metadata xmlns="http://linux.duke.edu/metadata/common" packages="1"><package type="rpm"><name>x</arch></package></metadata>`;
      await replaceMetadata(repo, "primary", gzipSync(xml));
      await syncAgain(5, /primary\.xml\.gz: <\/arch> does not close <name>/);
    });

    test("XML with entity declarations is refused, never expanded", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const xml = `<?xml version="1.0"?><!DOCTYPE metadata [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><metadata packages="1"><package type="rpm"><name>&b;</name></package></metadata>`;
      await replaceMetadata(repo, "primary", gzipSync(xml));
      await syncAgain(5, /DOCTYPE or entity declarations are not allowed/);
    });

    test("an undeclared entity reference", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const good = execFileSync("gzip", ["-dc", join(repo, await repomdLocation(repo, "primary"))]).toString("utf8");
      await replaceMetadata(repo, "primary", gzipSync(good.replace("<summary>", "<summary>&xxe;")));
      await syncAgain(5, /undefined or malformed entity reference "&xxe;"/);
    });

    test("a package location pointing outside the repository", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const good = execFileSync("gzip", ["-dc", join(repo, await repomdLocation(repo, "primary"))]).toString("utf8");
      await replaceMetadata(
        repo,
        "primary",
        gzipSync(good.replace(/<location href="[^"]+"/, '<location href="../../../../etc/passwd"')),
      );
      await syncAgain(5, /location "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" climbs out of the repository/);
    });

    test("a repomd.xml location pointing outside the repository", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      await editRepomd(repo, (t) =>
        t.replace(/(<data type="primary">[\s\S]*?<location href=")[^"]+/, "$1https://elsewhere.invalid/p.xml.gz"),
      );
      await syncAgain(
        5,
        /repomd\.xml: location of primary "https:\/\/elsewhere\.invalid\/p\.xml\.gz" is an absolute URL/,
      );
    });

    test("a package count that disagrees with the packages listed", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      const good = execFileSync("gzip", ["-dc", join(repo, await repomdLocation(repo, "primary"))]).toString("utf8");
      await replaceMetadata(repo, "primary", gzipSync(good.replace(/packages="2"/, 'packages="3"')));
      await syncAgain(5, /declares 3 packages but contains 2/);
    });

    test("a document cut off between packages", async () => {
      const { repo, syncAgain } = await goodRepo("none", dialect);
      const href = await repomdLocation(repo, "primary");
      const text = await readFile(join(repo, href), "utf8");
      await replaceMetadata(repo, "primary", Buffer.from(text.slice(0, text.indexOf("</package>") + 10)));
      await syncAgain(5, /document ends inside <metadata> \(truncated\?\)/);
    });

    test("malformed repomd.xml", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      await editRepomd(repo, (t) => t.replace("</repomd>", ""));
      await syncAgain(5, /repodata\/repomd\.xml: document ends inside <repomd>/);
    });

    test("404", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      await editRepomd(repo, (t) => t.replace("<revision>", "<revision>1"));
      await truncate(join(repo, await repomdLocation(repo, "primary")), 0);
      server.behaviours.set(`/${repo.split("/").pop()}/${await repomdLocation(repo, "primary")}`, {
        kind: "status",
        status: 404,
      });
      await syncAgain(4, /primary\.xml\.gz: HTTP 404 from http:\/\/127\.0\.0\.1/);
    });

    test("500 on every attempt", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      server.behaviours.set(`/${repo.split("/").pop()}/repodata/repomd.xml`, { kind: "status", status: 500 });
      await syncAgain(4, /repodata\/repomd\.xml: HTTP 500 from .* \(after 3 attempts\)/, ["--retries", "2"]);
    });

    test("a server that never answers", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      server.behaviours.set(`/${repo.split("/").pop()}/repodata/repomd.xml`, { kind: "hang" });
      await syncAgain(4, /no answer within 500 ms .* \(after 2 attempts\)/, ["--timeout", "0.5", "--retries", "1"]);
    });

    test("a connection dropped mid-download", async () => {
      const { repo, syncAgain } = await goodRepo("gz", dialect);
      await editRepomd(repo, (t) => t.replace("<revision>", "<revision>1"));
      const href = await repomdLocation(repo, "primary");
      server.behaviours.set(`/${repo.split("/").pop()}/${href}`, { kind: "truncate", bytes: 100 });
      await syncAgain(4, /connection dropped after 100 bytes|download truncated/, ["--retries", "1"]);
    });
  });
}

test("a 503 that clears up is retried and the sync succeeds", async () => {
  const { repo, url } = await goodRepo();
  await editRepomd(repo, (t) => t.replace("<revision>", "<revision>1"));
  server.behaviours.set(`/${repo.split("/").pop()}/repodata/repomd.xml`, { kind: "fail-times", times: 2, status: 503 });
  const r = await runCli([
    "--db",
    join(dir.path, "retry.db"),
    "sync",
    "--url",
    url,
    "--as",
    "r:9/BaseOS/x86_64",
    "--new-repo",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { updated: number }).updated, 1);
});

test("every compression in use syncs to the same packages", async () => {
  const seen = new Set<string>();
  for (const c of ["gz", "xz", "bz2", "zstd", "none"] as const) {
    const { url } = await goodRepo(c);
    const db = join(dir.path, `comp-${c}.db`);
    const key = "c:9/BaseOS/x86_64";
    assert.equal((await runCli(["--db", db, "sync", "--url", url, "--as", key, "--new-repo"])).code, 0);
    const { rows } = JSON.parse((await runCli(["--db", db, "packages", key, "--json"])).stdout) as {
      rows: { name: string; release: string }[];
    };
    assert.equal(rows.length, 2, c);
    seen.add(JSON.stringify(rows.map((r) => [r.name, r.release])));
  }
  assert.equal(seen.size, 1);
});
