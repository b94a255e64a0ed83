import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ParseError } from "../src/errors/parse-error.js";
import { rpmHeaderRange } from "../src/fetch/rpm-header-range.js";
import { parseRpmSignature } from "../src/sources/rpm-header/parse-rpm-signature.js";
import type { ProvenanceAnswer } from "../src/queries/provenance-query.js";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { DIALECTS, freshStore } from "./helpers/dialects.js";
import { startRangeServer, type RangeServer } from "./helpers/range-server.js";
import { makeRpmSigner, type RpmSigner } from "./helpers/rpm-signer.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let listed: RpmSigner;
let other: RpmSigner;
let ranged: RangeServer;
let ignoring: RangeServer;
let catalog: string;
const www = () => join(dir.path, "www");
const KEY = "almalinux:9.4/BaseOS/x86_64";

before(async () => {
  dir = await tempDir();
  listed = makeRpmSigner(dir.path, "listed", "rsa2048");
  other = makeRpmSigner(dir.path, "other", "ed25519");
  const pkgs = join(www(), "Packages");
  const files = await buildRpms(
    ["a-listed", "b-other", "c-unsigned"].map((name) => ({ name, version: "1.0", release: "1.el9", arch: "x86_64" })),
    pkgs,
  );
  listed.sign(join(pkgs, files[0] ?? ""));
  other.sign(join(pkgs, files[1] ?? ""));
  await createrepo(www());
  ranged = await startRangeServer(www());
  ignoring = await startRangeServer(www(), { ignoreRange: true });
  // The shipped AlmaLinux catalog, its major 9 signed by the test's "listed" key.
  catalog = join(dir.path, "catalog");
  await mkdir(catalog);
  const yaml = await readFile(new URL("../../catalog/almalinux.yaml", import.meta.url), "utf8");
  const edited = yaml.replace('signingKeys: ["d36cb86cb86b3716"]', `signingKeys: ["${listed.keyId.slice(-8)}"]`);
  assert.notEqual(edited, yaml);
  await writeFile(join(catalog, "almalinux.yaml"), edited);
});
after(async () => {
  await ranged.close();
  await ignoring.close();
  await dir.remove();
});

const env = () => ({ ELSCOPE_CATALOG: catalog });

async function syncFrom(db: string, server: RangeServer): Promise<void> {
  const r = await runCli(["--db", db, "sync", "--url", `${server.url}/`, "--as", KEY], env());
  assert.equal(r.code, 0, r.stderr);
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test("signatures of a sample: read by range requests, the unsigned and the unlisted key reported", async () => {
      const db = await freshStore(dialect, dir.path, "sig");
      await syncFrom(db, ranged);
      const before = ranged.requests.length;
      const a = await runCliJson<ProvenanceAnswer>(
        ["--db", db, "provenance", "--distro", "almalinux", "--signatures", "--json"],
        env(),
      );
      const reads = ranged.requests.slice(before);
      assert.deepEqual(
        reads.map((r) => [r.range, r.status]),
        [
          ["bytes=0-65535", 206],
          ["bytes=0-65535", 206],
          ["bytes=0-65535", 206],
        ],
      );
      const sig = a.signatures;
      assert.ok(sig !== null);
      assert.equal(sig.repositories.length, 1);
      const repo = sig.repositories[0];
      assert.deepEqual(
        [repo?.sampled, repo?.signed, repo?.listedKey, repo?.unknownKey, repo?.unsigned, repo?.unreadable],
        [3, 2, 1, 1, 1, 0],
      );
      assert.deepEqual(repo?.keys, [listed.keyId, other.keyId].sort());
      assert.deepEqual(
        sig.findings.map((f) => [f.nevra, f.finding, f.keyId, f.algorithm]),
        [
          ["b-other-1.0-1.el9.x86_64", "unknown-key", other.keyId, "EdDSA"],
          ["c-unsigned-1.0-1.el9.x86_64", "unsigned", null, null],
        ],
      );
      assert.ok(a.sources.some((s) => /3 sampled packages/.test(s)));
      // Stored: a later run without --signatures still reports them.
      const again = await runCliJson<ProvenanceAnswer>(
        ["--db", db, "provenance", "--distro", "almalinux", "--json"],
        env(),
      );
      assert.deepEqual(again.signatures, a.signatures);
      const text = await runCli(["--db", db, "provenance", "--distro", "almalinux"], env());
      assert.match(text.stdout, /c-unsigned-1\.0-1\.el9\.x86_64: unsigned/);
    });
  });
}

test("a server that ignores Range: reading stops at the limit and the connection is dropped", async () => {
  const db = join(dir.path, "ignoring.db");
  await syncFrom(db, ignoring);
  const before = ignoring.requests.length;
  const a = await runCliJson<ProvenanceAnswer>(
    ["--db", db, "provenance", "--distro", "almalinux", "--signatures", "--max-header-bytes", "16384", "--json"],
    env(),
  );
  const repo = a.signatures?.repositories[0];
  assert.deepEqual([repo?.signed, repo?.unsigned, repo?.unreadable], [2, 1, 0]);
  assert.ok((repo?.maxBytesRead ?? Infinity) <= 16384, `read ${repo?.maxBytesRead} bytes`);
  const rpms = ignoring.requests.slice(before);
  assert.equal(rpms.length, 3);
  for (const r of rpms) {
    assert.equal(r.status, 200);
    // The body never ends: only a client that hung up lets the request close.
    await new Promise<void>((resolve) => {
      const wait = (): void => (r.closedEarly ? resolve() : void setImmediate(wait));
      wait();
    });
    // What the server got into the socket: the client's 16 KiB plus what the kernel buffers, far below the endless body.
    assert.ok(r.sent < 16 * 1024 * 1024, `server sent ${r.sent} bytes`);
  }
});

test("--sample sets the sample's size per repository", async () => {
  const db = join(dir.path, "one.db");
  await syncFrom(db, ranged);
  const a = await runCliJson<ProvenanceAnswer>(
    ["--db", db, "provenance", "--distro", "almalinux", "--signatures", "--sample", "1", "--json"],
    env(),
  );
  assert.equal(a.signatures?.repositories[0]?.sampled, 1);
  assert.equal(
    (await runCli(["--db", db, "provenance", "--distro", "almalinux", "--signatures", "--sample", "0"], env())).code,
    2,
  );
});

test("the signature parser reads a real signed RPM, and refuses truncated or oversized headers", async () => {
  const pkgs = join(www(), "Packages");
  const bytes = await readFile(join(pkgs, "a-listed-1.0-1.el9.x86_64.rpm"));
  const p = parseRpmSignature(bytes);
  assert.deepEqual(
    p.signatures.map((s) => [s.keyId, s.fingerprint, s.algorithm, s.version]),
    [[listed.keyId, listed.fingerprint, "RSA", 4]],
  );
  assert.ok(p.headerEnd < 16384);
  assert.throws(() => parseRpmSignature(bytes.subarray(0, p.headerEnd - 1)), ParseError);
  assert.throws(() => parseRpmSignature(bytes.subarray(0, 50)), ParseError);
  const huge = Buffer.from(bytes.subarray(0, 4096));
  huge.writeUInt32BE(0x7fffffff, 96 + 12);
  assert.throws(() => parseRpmSignature(huge), /refused/);
  const notRpm = Buffer.alloc(4096);
  assert.throws(() => parseRpmSignature(notRpm), /not an RPM/);
  assert.deepEqual(parseRpmSignature(await readFile(join(pkgs, "c-unsigned-1.0-1.el9.x86_64.rpm"))).signatures, []);
});

test("the signature parser on mutated headers: a ParseError or an answer, never another error", async () => {
  const bytes = await readFile(join(www(), "Packages", "b-other-1.0-1.el9.x86_64.rpm"));
  const { headerEnd } = parseRpmSignature(bytes);
  // A fixed sequence (xorshift), so a failure is the same on every run.
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  let parsed = 0;
  for (let i = 0; i < 2000; i++) {
    const copy = Buffer.from(bytes.subarray(0, headerEnd));
    for (let k = 0; k < 1 + (i % 4); k++) copy[96 + (next() % (headerEnd - 96))] = next() & 0xff;
    try {
      parseRpmSignature(copy);
      parsed++;
    } catch (e) {
      assert.ok(e instanceof ParseError, `mutation ${i}: ${String(e)}`);
    }
  }
  assert.ok(parsed > 0);
});

test("range reads follow redirects within the origin only, and report HTTP errors", async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.url ?? ""} ${req.headers.range ?? ""}`);
    if (req.url === "/moved.rpm")
      return void res.writeHead(302, { location: "/Packages/a-listed-1.0-1.el9.x86_64.rpm" }).end();
    if (req.url === "/away.rpm") return void res.writeHead(302, { location: "http://localhost:9/x.rpm" }).end();
    if (req.url === "/Packages/a-listed-1.0-1.el9.x86_64.rpm")
      return void res.writeHead(206, { "content-range": "bytes 0-99/100" }).end(Buffer.alloc(100, 1));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const opts = { maxBytes: 4096, timeoutMs: 30_000, userAgent: "elscope test" };
    const moved = await rpmHeaderRange(`${base}/moved.rpm`, opts);
    assert.deepEqual(moved.kind === "ok" ? [moved.httpStatus, moved.ranged, moved.bytes.length] : moved, [
      206,
      true,
      100,
    ]);
    const away = await rpmHeaderRange(`${base}/away.rpm`, opts);
    assert.ok(away.kind === "error" && /another origin/.test(away.problem), JSON.stringify(away));
    assert.deepEqual(await rpmHeaderRange(`${base}/missing.rpm`, opts), {
      kind: "error",
      problem: "HTTP 404",
      httpStatus: 404,
    });
    assert.equal((await rpmHeaderRange("file:///etc/passwd", opts)).kind, "error");
    assert.deepEqual(seen, [
      "/moved.rpm bytes=0-4095",
      "/Packages/a-listed-1.0-1.el9.x86_64.rpm bytes=0-4095",
      "/away.rpm bytes=0-4095",
      "/missing.rpm bytes=0-4095",
    ]);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
