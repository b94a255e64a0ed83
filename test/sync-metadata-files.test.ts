import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { repomdLocation } from "./helpers/tamper-repo.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;
let repo: string;

const UPDATEINFO = `<?xml version="1.0" encoding="UTF-8"?>
<updates>
  <update from="packager@almalinux.org" status="final" type="security" version="2">
    <id>ALSA-2024:2568</id>
    <title>Moderate: bash security update</title>
    <issued date="2024-05-06 00:00:00"/>
    <updated date="2024-05-06 00:00:00"/>
    <severity>Moderate</severity>
    <description>bash update</description>
    <references><reference href="https://access.redhat.com/errata/RHSA-2024:2568" id="RHSA-2024:2568" type="rhsa"/></references>
    <pkglist><collection short="almalinux"><name>almalinux</name>
      <package name="bash" version="5.1.8" release="9.el9" epoch="0" arch="x86_64" src="bash-5.1.8-9.el9.src.rpm"><filename>bash-5.1.8-9.el9.x86_64.rpm</filename></package>
    </collection></pkglist>
  </update>
</updates>
`;

const COMPS = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">
<comps><group><id>core</id><name>Core</name><default>true</default><uservisible>false</uservisible>
<packagelist><packagereq type="mandatory">bash</packagereq></packagelist></group></comps>
`;

before(async () => {
  dir = await tempDir();
  repo = join(dir.path, "www", "9", "BaseOS", "x86_64", "os");
  await mkdir(repo, { recursive: true });
  await buildRpms([{ name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" }], join(repo, "Packages"));
  writeFileSync(join(dir.path, "comps.xml"), COMPS);
  await createrepo(repo, { extraArgs: ["--groupfile", join(dir.path, "comps.xml")] });
  writeFileSync(join(dir.path, "updateinfo.xml"), UPDATEINFO);
  execFileSync("modifyrepo_c", ["--mdtype", "updateinfo", join(dir.path, "updateinfo.xml"), join(repo, "repodata")]);
  server = await startStaticServer(join(dir.path, "www"));
});
after(async () => {
  await server.close();
  await dir.remove();
});

test("updateinfo and comps are fetched, verified and kept byte for byte for replay", async () => {
  const db = join(dir.path, "md.db");
  await runCliJson([
    "--db",
    db,
    "sync",
    "--url",
    `${server.url}/9/BaseOS/x86_64/os/`,
    "--as",
    "m:9/BaseOS/x86_64",
    "--new-repo",
    "--json",
  ]);
  const raw = new Database(db, { readonly: true });
  try {
    const rows = raw
      .prepare(
        "select f.type, f.location, b.content from metadata_files f left join blobs b on b.checksum = f.blob_checksum order by f.type",
      )
      .all() as { type: string; location: string; content: Buffer | null }[];
    assert.deepEqual(
      rows.map((r) => r.type),
      ["group_gz", "primary", "updateinfo"],
    );
    for (const r of rows.filter((x) => x.type !== "primary")) {
      assert.deepEqual(r.content, readFileSync(join(repo, r.location)), `${r.type} kept as served`);
    }
    assert.equal(rows.find((r) => r.type === "primary")?.content, null, "primary is parsed, not kept");
  } finally {
    raw.close();
  }
  assert.equal(await repomdLocation(repo, "updateinfo").then((l) => l.startsWith("repodata/")), true);
});

test("file:// URLs and redirects within limits work; https never redirects to http", async () => {
  const local = await runCliJson<{ updated: number }>([
    "--db",
    join(dir.path, "file.db"),
    "sync",
    "--url",
    pathToFileURL(repo).toString(),
    "--as",
    "f:9/BaseOS/x86_64",
    "--new-repo",
    "--json",
  ]);
  assert.equal(local.updated, 1);

  server.behaviours.set("/moved/repodata/repomd.xml", {
    kind: "redirect",
    to: "/9/BaseOS/x86_64/os/repodata/repomd.xml",
  });
  const moved = await runCli([
    "--db",
    join(dir.path, "redir.db"),
    "sync",
    "--url",
    `${server.url}/moved/`,
    "--as",
    "r:9/BaseOS/x86_64",
    "--new-repo",
  ]);
  // repomd.xml follows the redirect; its relative locations then resolve against the catalog URL, which
  // has no primary: the sync fails cleanly at the 404, naming it.
  assert.equal(moved.code, 4);
  assert.match(moved.stderr, /primary\.xml\.gz: HTTP 404/);

  for (let i = 0; i < 7; i++)
    server.behaviours.set(`/loop${i}/repodata/repomd.xml`, {
      kind: "redirect",
      to: `/loop${i + 1}/repodata/repomd.xml`,
    });
  const loop = await runCli([
    "--db",
    join(dir.path, "loop.db"),
    "sync",
    "--url",
    `${server.url}/loop0/`,
    "--as",
    "l:9/BaseOS/x86_64",
    "--new-repo",
  ]);
  assert.equal(loop.code, 4);
  assert.match(loop.stderr, /more than 5 redirects/);
});

/** `elscope sync` of one repository outside the catalog. */
function adHoc(db: string, url: string, key: string, ...extra: string[]): string[] {
  return ["--db", db, "sync", "--url", url, "--as", key, "--new-repo", ...extra];
}

test("a redirect within the origin is followed and the URL it ended at is what the snapshot records", async () => {
  const types = ["primary", "updateinfo", "group_gz"];
  const files = ["repodata/repomd.xml", ...(await Promise.all(types.map((t) => repomdLocation(repo, t))))];
  for (const f of files) server.behaviours.set(`/alias/${f}`, { kind: "redirect", to: `/9/BaseOS/x86_64/os/${f}` });
  try {
    const db = join(dir.path, "alias.db");
    await runCliJson(adHoc(db, `${server.url}/alias/`, "a:9/BaseOS/x86_64", "--json"));
    const repos = await runCliJson<{ rows: { sourceUrl: string }[] }>(["--db", db, "repos", "--json"]);
    assert.deepEqual(
      repos.rows.map((r) => r.sourceUrl),
      [`${server.url}/9/BaseOS/x86_64/os/`],
    );
  } finally {
    for (const f of files) server.behaviours.delete(`/alias/${f}`);
  }
});

test("a redirect to another origin (even another port of the same host), file:// or ftp:// is a source error", async () => {
  const other = await startStaticServer(join(dir.path, "www"));
  try {
    const primary = await repomdLocation(repo, "primary");
    const cases = [
      ["repodata/repomd.xml", `${other.url}/9/BaseOS/x86_64/os/repodata/repomd.xml`, /to another origin/],
      [primary, `${other.url}/9/BaseOS/x86_64/os/${primary}`, /to another origin/],
      ["repodata/repomd.xml", pathToFileURL(join(repo, "repodata/repomd.xml")).toString(), /redirect to file:/],
      ["repodata/repomd.xml", "ftp://127.0.0.1/repodata/repomd.xml", /redirect to ftp:/],
    ] as const;
    for (const [i, [file, to, why]] of cases.entries()) {
      // Everything but the redirected file is served where the sync asks for it.
      for (const f of ["repodata/repomd.xml", primary])
        server.behaviours.set(
          `/x${i}/${f}`,
          f === file ? { kind: "redirect", to } : { kind: "redirect", to: `/9/BaseOS/x86_64/os/${f}` },
        );
      const r = await runCli(adHoc(join(dir.path, `x${i}.db`), `${server.url}/x${i}/`, "x:9/BaseOS/x86_64"));
      assert.equal(r.code, 4, `${to}: ${r.stderr}`);
      assert.match(r.stderr, why);
      assert.match(r.stderr, new RegExp(`x:9/BaseOS/x86_64: .*${file.replace(/[.]/g, "\\.")}: refusing redirect`));
    }
    assert.deepEqual(other.requests, [], "the other origin is never asked");
  } finally {
    await other.close();
  }
});

test("a synced updateinfo.xml feeds advisories, first seen by the observer; RHEL's own record gives the upstream date", async () => {
  const db = join(dir.path, "adv.db");
  const key = "almalinux:9/BaseOS/x86_64";
  const before = new Date().toISOString();
  await runCliJson(["--db", db, "sync", "--url", `${server.url}/9/BaseOS/x86_64/os/`, "--as", key, "--json"]);
  interface Row {
    advisory: string;
    upstreamId: string;
    upstreamDate: string | null;
    upstreamDateSource: string | null;
    date: string | null;
    dateSource: string | null;
    lagDays: number | null;
    upperBound: string | null;
    upperBoundSource: string | null;
  }
  const first = await runCliJson<{ rows: Row[] }>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  const row = first.rows[0];
  // elscope's first sight of it in a synced repository is only an upper bound of its publication, never errata lag.
  assert.deepEqual(
    [row?.advisory, row?.upstreamId, row?.upstreamDate, row?.dateSource, row?.date, row?.upperBoundSource],
    ["ALSA-2024:2568", "RHSA-2024:2568", null, null, null, "observer first seen"],
  );
  assert.ok((row?.upperBound ?? "") >= before);
  const fixture = fileURLToPath(
    new URL("../../test/fixtures/rpm-md-updateinfo/rhsa-and-alsa-with-epoch-and-cves.xml", import.meta.url),
  );
  assert.equal((await runCli(["--db", db, "import", "rpm-md-updateinfo", fixture, "--distro", "rhel"])).code, 0);
  const second = await runCliJson<{ rows: Row[] }>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  const r2 = second.rows[0];
  assert.deepEqual([r2?.upstreamDate, r2?.upstreamDateSource], ["2024-04-30T00:00:00.000Z", "upstream advisory"]);
  // The upstream date is known now; the rebuild's own publication still is not, so errata lag stays unknown.
  assert.equal(r2?.lagDays, null);
  // A second sync keeps the first sighting.
  await runCliJson(["--db", db, "sync", "--url", `${server.url}/9/BaseOS/x86_64/os/`, "--as", key, "--json"]);
  const third = await runCliJson<{ rows: Row[] }>(["--db", db, "advisories", "--distro", "almalinux", "--json"]);
  assert.equal(third.rows[0]?.upperBound, row?.upperBound);
});
