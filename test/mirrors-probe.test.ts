import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";
import { makeTestPki, type TestPki } from "./helpers/tls-certs.js";

interface Run {
  target: string;
  reference: { source: string; time: string | null };
  summary: Record<string, number | null>;
  skipped: { mirror: string; why: string }[];
  results: {
    mirror: string;
    status: string;
    detail: string | null;
    behindHours: number | null;
    ipv6: boolean | null;
    flapping: boolean;
    httpStatus: number | null;
  }[];
}

const T = 1_760_000_000; // the primary's repository time (Unix seconds)
const REPO = "almalinux/9/BaseOS/x86_64/os";
let dir: { path: string; remove: () => Promise<void> };
let pki: TestPki;
let otherPki: TestPki;
const servers: StaticServer[] = [];
const mirrors = new Map<string, StaticServer>();
let outsider: StaticServer;
let primary: StaticServer;

/** A copy of the one-package repository whose repomd.xml times are `time`. */
async function tree(name: string, time: number): Promise<string> {
  const root = join(dir.path, name);
  await cp(join(dir.path, "pkgs"), join(root, REPO, "Packages"), { recursive: true });
  await createrepo(join(root, REPO), { extraArgs: ["--revision", String(time), "--set-timestamp-to-revision"] });
  return root;
}

async function serve(root: string, host = "127.0.0.1", tls?: TestPki): Promise<StaticServer> {
  const s = await startStaticServer(
    root,
    tls === undefined ? undefined : { cert: tls.read(tls.serverCert), key: tls.read(tls.serverKey) },
    host,
  );
  servers.push(s);
  return s;
}

function yaml(name: string, url: string, extra = ""): string {
  const proto = url.slice(0, url.indexOf(":"));
  return `---\nname: ${name}\naddress:\n  ${proto}: ${url}/almalinux/\nupdate_frequency: 3h\nsponsor: Test\n${extra}...\n`;
}

async function catalog(primaryUrl: string): Promise<string> {
  const cat = join(dir.path, `catalog-${Math.random().toString(36).slice(2)}`);
  await mkdir(cat);
  const text = await readFile(new URL("../../catalog/almalinux.yaml", import.meta.url), "utf8");
  await writeFile(
    join(cat, "almalinux.yaml"),
    text.replace("https://repo.almalinux.org/almalinux", `${primaryUrl}/almalinux`),
  );
  return cat;
}

before(async () => {
  dir = await tempDir();
  pki = makeTestPki(await mkdir(join(dir.path, "pki"), { recursive: true }).then(() => join(dir.path, "pki")));
  otherPki = makeTestPki(await mkdir(join(dir.path, "pki2"), { recursive: true }).then(() => join(dir.path, "pki2")));
  await buildRpms([{ name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" }], join(dir.path, "pkgs"));
  const current = await tree("current", T);
  const behind = await tree("behind", T - 6 * 3600);
  const stale = await tree("stale", T - 48 * 3600);
  const ahead = await tree("ahead", T + 2 * 3600);
  const empty = join(dir.path, "empty");
  await mkdir(empty);
  primary = await serve(current);
  outsider = await serve(current, "127.0.0.11");
  const add = (name: string, s: StaticServer) => mirrors.set(name, s);
  add("current", await serve(current, "127.0.0.2"));
  add("ipv6", await serve(current, "::1"));
  add("behind", await serve(behind, "127.0.0.3"));
  add("stale", await serve(stale, "127.0.0.4"));
  add("ahead", await serve(ahead, "127.0.0.5"));
  add("missing", await serve(empty, "127.0.0.6"));
  add("garbage", await serve(current, "127.0.0.7"));
  add("hang", await serve(current, "127.0.0.8"));
  add("redirect-out", await serve(current, "127.0.0.10"));
  add("redirect-in", await serve(current, "127.0.0.12"));
  add("tls-good", await serve(current, "127.0.0.1", pki));
  add("tls-bad", await serve(current, "127.0.0.1", otherPki));
  const path = `/${REPO}/repodata/repomd.xml`;
  mirrors.get("garbage")?.behaviours.set(path, { kind: "body", body: "<html><body>Welcome to nginx!</body></html>" });
  mirrors.get("hang")?.behaviours.set(path, { kind: "hang" });
  mirrors.get("redirect-out")?.behaviours.set(path, { kind: "redirect", to: `${outsider.url}${path}` });
  mirrors.get("redirect-in")?.behaviours.set(path, { kind: "redirect", to: `${mirrors.get("current")?.url}${path}` });
  // A dead mirror: a port that was open and is closed now.
  const dead = await startStaticServer(empty, undefined, "127.0.0.9");
  await dead.close();

  const list = join(dir.path, "list", "mirrors.d");
  await mkdir(list, { recursive: true });
  for (const [name, s] of mirrors) await writeFile(join(list, `${name}.yml`), yaml(`${name}.test`, s.url));
  await writeFile(join(list, "dead.yml"), yaml("dead.test", dead.url));
  await writeFile(join(list, "private.yml"), yaml("private.test", `${mirrors.get("current")?.url}`, "private: true\n"));
  await writeFile(
    join(list, "rsync-only.yml"),
    "---\nname: rsync-only.test\naddress:\n  rsync: rsync://127.0.0.13/almalinux/\nsponsor: Test\n...\n",
  );
});
after(async () => {
  for (const s of servers) await s.close();
  await dir.remove();
});

const probeArgs = "mirrors probe --distro almalinux --release 9 --repo BaseOS --arch x86_64".split(" ");
const fast = ["--timeout", "1", "--interval", "0"];

test("probing classifies every mirror against the primary, never leaves the list, and keeps history", async () => {
  const db = join(dir.path, "probe.db");
  const cat = await catalog(primary.url);
  const env = { ELSCOPE_CATALOG: cat };
  const imported = await runCli(
    ["--db", db, "import", "almalinux-mirrors", join(dir.path, "list"), "--distro", "almalinux"],
    env,
  );
  assert.equal(imported.code, 0, imported.stderr);
  const started = Date.now();
  const { runs } = await runCliJson<{ runs: Run[] }>(
    ["--db", db, ...probeArgs, ...fast, "--cacert", pki.ca, "--json"],
    env,
  );
  const r = runs[0];
  assert.ok(r !== undefined && runs.length === 1);
  assert.equal(r.target, "almalinux:9/BaseOS/x86_64");
  assert.match(r.reference.source, /^primary http:\/\/127\.0\.0\.1:\d+\/almalinux\/9\/BaseOS\/x86_64\/os\/$/);
  assert.equal(r.reference.time, new Date(T * 1000).toISOString());
  const by = Object.fromEntries(r.results.map((x) => [x.mirror.replace(/\.test$/, ""), x]));
  const status = Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.status]));
  assert.deepEqual(status, {
    ahead: "ahead",
    behind: "behind",
    current: "in-sync",
    dead: "unreachable",
    garbage: "broken",
    hang: "unreachable",
    ipv6: "in-sync",
    missing: "unreachable",
    "redirect-in": "in-sync",
    "redirect-out": "broken",
    stale: "stale",
    "tls-bad": "broken",
    "tls-good": "in-sync",
  });
  assert.equal(by["behind"]?.behindHours, 6);
  assert.equal(by["stale"]?.behindHours, 48);
  assert.equal(by["ahead"]?.behindHours, -2);
  assert.equal(by["missing"]?.httpStatus, 404);
  assert.match(by["garbage"]?.detail ?? "", /^content: /);
  assert.match(by["tls-bad"]?.detail ?? "", /^TLS: /);
  assert.match(by["hang"]?.detail ?? "", /no answer within 1 s/);
  assert.match(by["dead"]?.detail ?? "", /ECONNREFUSED/);
  assert.match(by["redirect-out"]?.detail ?? "", /which no mirror list names; not followed/);
  assert.deepEqual(outsider.requests, [], "a host no list names was never contacted");
  assert.equal(by["ipv6"]?.ipv6, true);
  assert.equal(by["current"]?.ipv6, false);
  assert.deepEqual(r.skipped, [{ mirror: "rsync-only.test", why: "no http or https address" }]);
  assert.ok(!("private" in by), "private mirrors are not probed unless asked");
  assert.equal(r.summary["mirrors"], 13);
  // Every probe runs at once: the whole run takes about the one timeout, not one per mirror.
  assert.ok(Date.now() - started < 15_000);

  // A mirror that fails and recovers flaps; the stats show the newest probe.
  const current = mirrors.get("current") as StaticServer;
  current.behaviours.set(`/${REPO}/repodata/repomd.xml`, { kind: "status", status: 500 });
  await runCliJson(["--db", db, ...probeArgs, ...fast, "--cacert", pki.ca, "--json"], env);
  current.behaviours.delete(`/${REPO}/repodata/repomd.xml`);
  const third = (
    await runCliJson<{ runs: Run[] }>(["--db", db, ...probeArgs, ...fast, "--cacert", pki.ca, "--json"], env)
  ).runs[0];
  const flapping = third?.results.filter((x) => x.flapping).map((x) => x.mirror);
  // redirect-in serves current's file through a redirect, so it failed and recovered with it.
  assert.deepEqual(flapping, ["current.test", "redirect-in.test"]);
  const stats = await runCliJson<{
    distros: { health: { counts: Record<string, number>; flapping: number }[]; ipv6: Record<string, number> }[];
  }>(["--db", db, "mirrors", "stats", "--json"], env);
  assert.equal(stats.distros[0]?.health[0]?.counts["in-sync"], 4);
  assert.equal(stats.distros[0]?.health[0]?.flapping, 2);
  assert.equal(stats.distros[0]?.ipv6["yes"], 1);
  assert.equal(stats.distros[0]?.ipv6["fromProbe"], 13);

  const table = await runCli(["--db", db, ...probeArgs, ...fast, "--cacert", pki.ca], env);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /13 mirrors: 4 in sync, 1 ahead, 1 behind, 1 stale, 3 unreachable, 3 broken/);
});

test("without a reachable primary, the newest repository any mirror serves is the reference", async () => {
  const db = join(dir.path, "newest.db");
  const cat = await catalog("http://127.0.0.9:9");
  const env = { ELSCOPE_CATALOG: cat };
  await runCli(["--db", db, "import", "almalinux-mirrors", join(dir.path, "list"), "--distro", "almalinux"], env);
  const r = (await runCliJson<{ runs: Run[] }>(["--db", db, ...probeArgs, ...fast, "--cacert", pki.ca, "--json"], env))
    .runs[0];
  assert.equal(r?.reference.source, "newest seen");
  assert.equal(r?.reference.time, new Date((T + 2 * 3600) * 1000).toISOString());
  const by = Object.fromEntries((r?.results ?? []).map((x) => [x.mirror, x]));
  assert.equal(by["ahead.test"]?.status, "in-sync");
  assert.deepEqual([by["current.test"]?.status, by["current.test"]?.behindHours], ["behind", 2]);
  assert.deepEqual([by["stale.test"]?.status, by["stale.test"]?.behindHours], ["stale", 50]);

  const none = await runCli(["--db", join(dir.path, "empty.db"), ...probeArgs], env);
  assert.equal(none.code, 6);
  assert.match(none.stderr, /no mirror list for almalinux/);
});

test("a metalink's hashes are the reference when there is no primary; its alternates are measured behind", async () => {
  const db = join(dir.path, "metalink.db");
  const env = { ELSCOPE_CATALOG: await catalog("http://127.0.0.9:9") };
  const sha = async (name: string) =>
    createHash("sha256")
      .update(await readFile(join(dir.path, name, REPO, "repodata", "repomd.xml")))
      .digest("hex");
  const url = (m: string) => `${mirrors.get(m)?.url}/${REPO}/repodata/repomd.xml`;
  const metalink = join(dir.path, "metalink.xml");
  await writeFile(
    metalink,
    `<?xml version="1.0" encoding="utf-8"?>
<metalink version="3.0" xmlns="http://www.metalinker.org/" xmlns:mm0="http://fedorahosted.org/mirrormanager">
 <files><file name="repomd.xml"><mm0:timestamp>${T}</mm0:timestamp>
  <verification><hash type="sha256">${await sha("current")}</hash></verification>
  <mm0:alternates><mm0:alternate><mm0:timestamp>${T - 6 * 3600}</mm0:timestamp>
   <verification><hash type="sha256">${await sha("behind")}</hash></verification></mm0:alternate></mm0:alternates>
  <resources maxconnections="1">
   <url protocol="http" type="http" location="US" preference="100">${url("current")}</url>
   <url protocol="http" type="http" location="DE" preference="99">${url("behind")}</url>
   <url protocol="http" type="http" location="DE" preference="98">${url("stale")}</url>
  </resources></file></files>
</metalink>
`,
  );
  const imported = await runCli(["--db", db, "import", "metalink", metalink, "--distro", "almalinux"], env);
  assert.equal(imported.code, 0, imported.stderr);
  const r = (await runCliJson<{ runs: Run[] }>(["--db", db, ...probeArgs, ...fast, "--json"], env)).runs[0];
  assert.equal(r?.reference.source, `metalink ${metalink}`);
  assert.deepEqual(
    r?.results.map((x) => [x.mirror, x.status, x.behindHours]),
    [
      ["127.0.0.4", "stale", 48],
      ["127.0.0.3", "behind", 6],
      ["127.0.0.2", "in-sync", 0],
    ],
  );
});
