// Downloads that must stop: locations that leave the repository however they are spelled, files
// without end, zip bombs, servers that trickle, and the temporary files every way out leaves.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createReadStream, existsSync, statSync } from "node:fs";
import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { checkLocation } from "../src/sources/rpm-md/check-location.js";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { CLI, runCliJson } from "./helpers/run-cli.js";
import { editRepomd, replaceMetadata, repomdLocation } from "./helpers/tamper-repo.js";
import { tempDir } from "./helpers/temp-dir.js";

type Handler = (res: http.ServerResponse) => void;

let dir: { path: string; remove: () => Promise<void> };
let www: string;
let base: string;
let server: http.Server;
const requests: string[] = [];
/** Paths answered by a handler instead of the file under www/. */
const handlers = new Map<string, Handler>();
let caseNo = 0;

before(async () => {
  dir = await tempDir();
  www = join(dir.path, "www");
  await buildRpms([{ name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" }], join(dir.path, "rpms"));
  // A server that decodes the path once and normalizes it, as a plain static web server does.
  server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const handler = handlers.get(path);
    if (handler !== undefined) return handler(res);
    const file = normalize(join(www, path));
    if (!file.startsWith(www) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await dir.remove();
});

/** A fresh repository under www/, a store and a TMPDIR of its own (to see what a sync leaves behind). */
async function repoCase() {
  const name = `case${++caseNo}`;
  const repo = join(www, name);
  await mkdir(repo, { recursive: true });
  await cp(join(dir.path, "rpms"), join(repo, "Packages"), { recursive: true });
  await createrepo(repo);
  const tmp = join(dir.path, `tmp-${name}`);
  await mkdir(tmp);
  const db = join(dir.path, `${name}.db`);
  const args = (...extra: string[]) => [
    "--db",
    db,
    "sync",
    "--url",
    `${base}/${name}/`,
    "--as",
    KEY,
    "--new-repo",
    ...extra,
  ];
  return { name, repo, tmp, db, args, path: (href: string) => `/${name}/${href}` };
}

const KEY = "lim:9/BaseOS/x86_64";

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs the CLI with TMPDIR set; a run still going after `boundMs` is killed, only so that a
 * missing limit fails the test instead of hanging it (the bound asserts nothing about speed).
 * `whileRunning` gets the child, to signal it.
 */
function sync(
  args: readonly string[],
  tmp: string,
  whileRunning?: (child: ReturnType<typeof spawn>) => void,
  boundMs = 60_000,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ELSCOPE_CATALOG: "", TMPDIR: tmp },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const bound = setTimeout(() => child.kill("SIGKILL"), boundMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal, stderr });
    });
    whileRunning?.(child);
  });
}

async function leftovers(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((n) => n.startsWith("elscope-sync-"));
}

/** Resolves once a sync's temporary folder exists in `tmp` (polled; bounded by the sync's own bound). */
async function workDirAppears(tmp: string): Promise<void> {
  while ((await leftovers(tmp)).length === 0) await new Promise((r) => setTimeout(r, 50));
}

/** A body that never ends: 64 KiB of zeros after 64 KiB, as fast as the client takes them. */
const endless: Handler = (res) => {
  res.writeHead(200);
  const chunk = Buffer.alloc(64 * 1024);
  const more = (): void => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", more);
  more();
};

/** One byte every 100 ms of a body that claims a megabyte: never silent, never done. */
const trickle: Handler = (res) => {
  res.writeHead(200, { "content-length": 1 << 20 });
  const timer = setInterval(() => res.write("x"), 100);
  res.on("close", () => clearInterval(timer));
};

describe("a location that leaves the repository is refused however it is percent-encoded", () => {
  test("checkLocation decodes once (RFC 3986 §2.1) before it checks", () => {
    const cases: readonly (readonly [string, string | null])[] = [
      ["Packages/b/bash-5.1.8-9.el9.x86_64.rpm", null],
      ["Packages/g/g%2b%2b-1.rpm", null],
      ["Packages/%ff.rpm", null],
      ["repodata/%2e%2e/%2e%2e/etc/passwd", "climbs out of the repository"],
      ["repodata/%2E%2E/%2E%2E/etc/passwd", "climbs out of the repository"],
      ["repodata/.%2e/.%2e/etc/passwd", "climbs out of the repository"],
      ["repodata/..%2f..%2fetc/passwd", "climbs out of the repository"],
      ["%2fetc/passwd", "is an absolute path"],
      ["https%3a//elsewhere.invalid/p.xml.gz", "is an absolute URL"],
      ["repodata%5c..%5c..%5cx", "contains control characters or backslashes"],
      ["repodata/p.xml.gz%00.txt", "contains control characters or backslashes"],
      ["repodata/%252e%252e/%252e%252e/etc/passwd", "is percent-encoded twice"],
      ["repodata/%zz.xml", "has malformed percent-encoding"],
      ["repodata/p.xml%", "has malformed percent-encoding"],
    ];
    for (const [href, why] of cases) assert.equal(checkLocation(href), why, href);
  });

  for (const climb of ["%2e%2e/", "%2E%2E/", ".%2e/", "..%2f", "%252e%252e/"]) {
    test(`repomd.xml's primary at repodata/${climb}… is a parse error and nothing outside is fetched`, async () => {
      const c = await repoCase();
      const href = await repomdLocation(c.repo, "primary");
      // The same file, outside the repository: were it fetched, the sync would succeed.
      const outside = join(www, `secret-${c.name}`);
      await mkdir(outside);
      await cp(join(c.repo, href), join(outside, "primary.xml.gz"));
      const sneaky = `repodata/${climb.repeat(3)}secret-${c.name}/primary.xml.gz`;
      await editRepomd(c.repo, (t) => t.replace(`href="${href}"`, `href="${sneaky}"`));
      const r = await sync(c.args(), c.tmp);
      assert.equal(r.code, 5, r.stderr);
      assert.match(r.stderr, /repodata\/repomd\.xml: location of primary ".+" (climbs out|is percent-encoded twice)/);
      assert.ok(!requests.some((p) => p.includes(`secret-${c.name}`)), "nothing outside the repository requested");
    });
  }

  test("a package at %2e%2e/%2e%2e/etc/passwd refuses the repository, as any bad package does, keeping the last good data", async () => {
    const c = await repoCase();
    await runCliJson(c.args("--json"));
    const listed = async () => runCliJson<{ rows: { location: string }[] }>(["--db", c.db, "packages", KEY, "--json"]);
    const good = await listed();
    const primary = execFileSync("gzip", ["-dc", join(c.repo, await repomdLocation(c.repo, "primary"))]).toString();
    const bad = primary.replace(/<location href="[^"]+"/, '<location href="%2e%2e/%2e%2e/etc/passwd"');
    await replaceMetadata(c.repo, "primary", gzipSync(bad));
    await editRepomd(c.repo, (t) => t.replace("<revision>", "<revision>1"));
    const r = await sync(c.args(), c.tmp);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /package bash: location "%2e%2e\/%2e%2e\/etc\/passwd" climbs out of the repository/);
    assert.deepEqual(await listed(), good);
  });
});

describe("downloads have limits", () => {
  test("a file without <size> that never ends stops at --max-file-size, leaving no temporary file", async () => {
    const c = await repoCase();
    const href = await repomdLocation(c.repo, "primary");
    await editRepomd(c.repo, (t) =>
      t.replace(/(<data type="primary">[\s\S]*?)<size>[0-9]+<\/size>([\s\S]*?<\/data>)/, "$1$2"),
    );
    handlers.set(c.path(href), endless);
    const r = await sync(c.args("--max-file-size", "1MiB"), c.tmp);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /lim:9\/BaseOS\/x86_64: .*primary\.xml\.gz: larger than the 1 MiB allowed for one file/);
    assert.deepEqual(await leftovers(c.tmp), []);
  });

  test("a zip bomb stops at --max-unpacked-size as a parse error", async () => {
    const c = await repoCase();
    // 64 MiB of XML in about 64 KiB of gzip.
    const xml = `<?xml version="1.0"?><metadata xmlns="http://linux.duke.edu/metadata/common" packages="0">${" ".repeat(64 << 20)}</metadata>`;
    await replaceMetadata(c.repo, "primary", gzipSync(xml));
    const r = await sync(c.args("--max-unpacked-size", "8MiB"), c.tmp);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /primary\.xml\.gz: decompresses to more than 8388608 bytes, the limit for one file/);
    assert.deepEqual(await leftovers(c.tmp), []);
  });

  test("a server that trickles a byte at a time meets the deadline: 10 × --timeout, or --deadline", async () => {
    const c = await repoCase();
    handlers.set(c.path(await repomdLocation(c.repo, "primary")), trickle);
    const byDefault = await sync(c.args("--timeout", "0.3"), c.tmp);
    assert.equal(byDefault.code, 4, byDefault.stderr);
    assert.match(byDefault.stderr, /primary\.xml\.gz: not fetched within the 3 s deadline/);
    const given = await sync(c.args("--timeout", "30", "--deadline", "1.5"), c.tmp);
    assert.equal(given.code, 4, given.stderr);
    assert.match(given.stderr, /primary\.xml\.gz: not fetched within the 1\.5 s deadline/);
    assert.deepEqual(await leftovers(c.tmp), []);
  });

  test("bad sizes and deadlines are usage errors", async () => {
    const c = await repoCase();
    for (const [flag, value, message] of [
      ["--max-file-size", "lots", /--max-file-size wants a size such as 512MiB or 2GB, got "lots"/],
      ["--max-unpacked-size", "0", /--max-unpacked-size wants a size such as 512MiB or 2GB, got "0"/],
      ["--deadline", "-1", /--deadline wants a positive number, got "-1"/],
    ] as const) {
      const r = await sync(c.args(flag, value), c.tmp);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});

describe("temporary files go on every way out", () => {
  for (const [signal, code, word] of [
    ["SIGTERM", 143, "terminated"],
    ["SIGINT", 130, "interrupted"],
  ] as const) {
    test(`${signal} rolls back, removes the temporary files and exits ${code}`, async () => {
      const c = await repoCase();
      await runCliJson(c.args("--json"));
      const before = await runCliJson(["--db", c.db, "packages", KEY, "--json"]);
      await editRepomd(c.repo, (t) => t.replace("<revision>", "<revision>1"));
      handlers.set(c.path(await repomdLocation(c.repo, "primary")), trickle);
      const r = await sync(c.args(), c.tmp, (child) => {
        void workDirAppears(c.tmp).then(() => child.kill(signal));
      });
      assert.deepEqual([r.code, r.signal], [code, null], r.stderr);
      assert.match(r.stderr, new RegExp(`elscope: ${word}; repositories not finished were left as they were`));
      assert.deepEqual(await leftovers(c.tmp), []);
      assert.deepEqual(await runCliJson(["--db", c.db, "packages", KEY, "--json"]), before);
    });
  }

  test("after kill -9, the next sync removes the dead run's folder and no live process's", async () => {
    const c = await repoCase();
    const primary = c.path(await repomdLocation(c.repo, "primary"));
    handlers.set(primary, trickle);
    const killed = await sync(c.args(), c.tmp, (child) => {
      void workDirAppears(c.tmp).then(() => child.kill("SIGKILL"));
    });
    assert.equal(killed.signal, "SIGKILL");
    const dead = await leftovers(c.tmp);
    assert.equal(dead.length, 1, "kill -9 leaves its folder behind");
    // This test process is alive; a folder without a pid could be anyone's: both stay.
    const alive = `elscope-sync-${process.pid}-abc123`;
    const unnamed = "elscope-sync-Xy12Zq";
    for (const n of [alive, unnamed]) {
      await mkdir(join(c.tmp, n));
      await writeFile(join(c.tmp, n, "repomd.xml"), "in use");
    }
    handlers.delete(primary);
    const r = await sync(c.args(), c.tmp);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await leftovers(c.tmp)).sort(), [alive, unnamed].sort());
  });
});
