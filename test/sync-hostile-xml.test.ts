import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createGzip } from "node:zlib";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { editRepomd, replaceMetadata, repomdLocation } from "./helpers/tamper-repo.js";
import { tempDir } from "./helpers/temp-dir.js";

// Hostile rpm-md served by a real HTTP server to the real CLI: each case starts from a synced good
// repository, and a refused document must leave exit 5, one line naming the file, and the store as it was.

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;
let rpms: string;
let caseNo = 0;

const UPDATEINFO = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>
<updates>
  <update from="packager@almalinux.org" status="final" type="security" version="2">
    <id>ALSA-2024:2568</id>
    <title>Moderate: bash security update</title>
    <issued date="2024-05-06 00:00:00"/>${inner}
  </update>
</updates>
`;

before(async () => {
  dir = await tempDir();
  server = await startStaticServer(join(dir.path, "www"));
  rpms = join(dir.path, "rpms");
  const bash = { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" };
  await buildRpms([bash, { ...bash, name: "zsh", version: "5.8" }], rpms);
});
after(() => server.close().then(() => dir.remove()));

/** gzip of a stream made on the fly: hundreds of MB of XML cost a few hundred KB on disk. */
async function gzipOf(parts: Iterable<string | Buffer>): Promise<Buffer> {
  const gz = createGzip({ level: 1 });
  const out: Buffer[] = [];
  gz.on("data", (c: Buffer) => out.push(c));
  const done = new Promise((resolve, reject) => gz.on("end", resolve).on("error", reject));
  for (const p of parts) if (!gz.write(p)) await new Promise((r) => gz.once("drain", r));
  gz.end();
  await done;
  return Buffer.concat(out);
}

function* repeat(unit: string, total: number): Generator<string> {
  const piece = unit.repeat(Math.ceil((1 << 20) / unit.length));
  for (let n = 0; n < total; n += piece.length) yield piece;
}

async function goodRepo() {
  const name = `hostile${++caseNo}`;
  const repo = join(dir.path, "www", name);
  await mkdir(repo, { recursive: true });
  await cp(rpms, join(repo, "Packages"), { recursive: true });
  await createrepo(repo);
  await writeFile(join(dir.path, `${name}-updateinfo.xml`), UPDATEINFO(""));
  execFileSync("modifyrepo_c", [
    "--mdtype",
    "updateinfo",
    join(dir.path, `${name}-updateinfo.xml`),
    join(repo, "repodata"),
  ]);
  const db = join(dir.path, `${name}.db`);
  const url = `${server.url}/${name}/`;
  const key = "hostile:9/BaseOS/x86_64";
  const sync = () => runCli(["--db", db, "sync", "--url", url, "--as", key, "--new-repo"]);
  const first = await sync();
  assert.equal(first.code, 0, first.stderr);
  const state = async () =>
    (await runCli(["--db", db, "packages", key, "--json"])).stdout +
    (await runCli(["--db", db, "repos", "--json"])).stdout +
    (await runCli(["--db", db, "advisories", "--distro", "hostile", "--json"])).stdout;
  const before = await state();
  assert.match(before, /"name": "bash"/);
  const primaryXml = execFileSync("gzip", ["-dc", join(repo, await repomdLocation(repo, "primary"))]).toString("utf8");
  /** Syncs again; the tampering must fail it with exit 5 and one line, and leave the store as it was. */
  const refused = async (message: RegExp) => {
    const r = await sync();
    assert.equal(r.code, 5, `exit code; stderr: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /hostile:9\/BaseOS\/x86_64/, "the error names the source");
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, "no internal error, no stack trace");
    assert.equal(await state(), before, "store unchanged");
  };
  const accepted = async () => {
    const r = await sync();
    assert.equal(r.code, 0, r.stderr);
    // Last-seen moves with each sync; everything else read from primary must not.
    const list = JSON.parse((await runCli(["--db", db, "packages", key, "--json"])).stdout) as {
      rows: { lastSeen?: string }[];
    };
    return list.rows.map(({ lastSeen: _, ...row }) => row);
  };
  return { repo, primaryXml, refused, accepted };
}

describe("hostile rpm-md: refused with one line and exit 5, the store unchanged, memory bounded", () => {
  test("10,000 nested elements in one <update> beside a changed primary: nothing of the new snapshot is stored", async () => {
    const { repo, primaryXml, refused } = await goodRepo();
    const changed = primaryXml.replace(/<summary>[^<]*<\/summary>/, "<summary>a new summary</summary>");
    await replaceMetadata(repo, "primary", await gzipOf([changed]));
    const deep = "<x>".repeat(10_000) + "</x>".repeat(10_000);
    await replaceMetadata(repo, "updateinfo", await gzipOf([UPDATEINFO(deep)]));
    await refused(/updateinfo\.xml\.gz: elements nested deeper than 256 levels/);
  });

  test("an updateinfo.xml that is not XML fails the sync instead of storing packages without it", async () => {
    const { repo, primaryXml, refused } = await goodRepo();
    await replaceMetadata(repo, "primary", await gzipOf([primaryXml.replace("<summary>", "<summary>new ")]));
    await replaceMetadata(repo, "updateinfo", await gzipOf([UPDATEINFO("<id>x</title>")]));
    await refused(/updateinfo\.xml\.gz: <\/title> does not close <id>/);
  });

  test("a 20 MiB <summary> is too large, named by file, element and package", async () => {
    const { repo, primaryXml, refused } = await goodRepo();
    const [head, tail] = primaryXml.split(/<summary>[^<]*<\/summary>/, 2) as [string, string];
    await replaceMetadata(
      repo,
      "primary",
      await gzipOf([head, "<summary>", ...repeat("s", 20 << 20), "</summary>", tail]),
    );
    await refused(
      /primary\.xml\.gz: text of <summary> is too large \(over the 16 MiB limit\) in package bash, field summary \(at byte \d+\)$/m,
    );
  });

  test("a start tag of 2 MiB is too large", async () => {
    const { repo, primaryXml, refused } = await goodRepo();
    const bloated = primaryXml.replace("<location ", `<location x="${"v".repeat(2 << 20)}" `);
    await replaceMetadata(repo, "primary", await gzipOf([bloated]));
    await refused(/primary\.xml\.gz: a start tag is too large \(over the 1 MiB limit\)/);
  });

  test("256 MiB of whitespace before the root, in a comment and in a dependency list are skipped, not held", async () => {
    const { repo, primaryXml, accepted } = await goodRepo();
    const good = await accepted();
    const decl = primaryXml.indexOf("?>") + 2;
    const provides = primaryXml.indexOf("<rpm:provides>") + "<rpm:provides>".length;
    const parts = [
      primaryXml.slice(0, decl),
      ...repeat(" \n", 96 << 20),
      "<!--",
      ...repeat("comment ", 64 << 20),
      "-->",
      primaryXml.slice(decl, provides),
      ...repeat('<rpm:entry name="x"/>', 96 << 20),
      primaryXml.slice(provides),
    ];
    await replaceMetadata(repo, "primary", await gzipOf(parts));
    await editRepomd(repo, (t) => t.replace("<revision>", "<revision>2"));
    assert.deepEqual(await accepted(), good, "the same packages");
  });

  for (const [what, edit, message] of [
    [
      "a NUL in a name",
      (x: string) => Buffer.from(x.replace("<name>bash</name>", "<name>ba\u0000sh</name>"), "utf8"),
      /character U\+0000 is not allowed in XML \(in <name>\) in package 1, field name \(at byte \d+\)$/m,
    ],
    [
      "a control character in a summary",
      (x: string) => Buffer.from(x.replace(/<summary>([^<]*)<\/summary>/, "<summary>$1\u001b[2J</summary>"), "utf8"),
      /character U\+001B is not allowed in XML \(in <summary>\).*field summary/,
    ],
    [
      "bytes that are not UTF-8 in a name",
      (x: string) => {
        const b = Buffer.from(x.replace("<name>bash</name>", "<name>bas\u00e9</name>"), "utf8");
        const at = b.indexOf(Buffer.from("bas\u00e9", "utf8")) + 3;
        b[at] = 0xc3;
        b[at + 1] = 0x28;
        return b;
      },
      /invalid UTF-8 in <name> in package 1, field name \(at byte \d+\)$/m,
    ],
    [
      "epoch -1",
      (x: string) => Buffer.from(x.replace(/epoch="0"/, 'epoch="-1"')),
      /package bash epoch is not an integer from 0 to 4294967295: "-1"/,
    ],
    [
      "epoch 2^53 + 1, which a double rounds",
      (x: string) => Buffer.from(x.replace(/epoch="0"/, 'epoch="9007199254740993"')),
      /package bash epoch is not an integer from 0 to 4294967295: "9007199254740993"/,
    ],
  ] as const) {
    test(`${what} is refused`, async () => {
      const { repo, primaryXml, refused } = await goodRepo();
      await replaceMetadata(repo, "primary", await gzipOf([edit(primaryXml)]));
      await refused(message);
    });
  }

  test("a UTF-8 byte order mark on a well-formed primary is accepted", async () => {
    const { repo, primaryXml, accepted } = await goodRepo();
    const good = await accepted();
    await replaceMetadata(repo, "primary", await gzipOf([Buffer.from([0xef, 0xbb, 0xbf]), primaryXml]));
    await editRepomd(repo, (t) => t.replace("<revision>", "<revision>3"));
    assert.deepEqual(await accepted(), good);
  });

  for (const type of ["constructor", "__proto__", "toString"]) {
    test(`a repomd.xml checksum type "${type}" is an unknown checksum type`, async () => {
      const { repo, refused } = await goodRepo();
      await editRepomd(repo, (t) => t.replace(/(<data type="primary">\s*<checksum type=")[^"]+/, `$1${type}`));
      await refused(new RegExp(`repomd\\.xml: <data type="primary"> has unknown checksum type "${type}"`));
    });
  }
});
