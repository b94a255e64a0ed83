import assert from "node:assert/strict";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildRpms, createrepo } from "./helpers/build-repo.js";
import { runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";
import { DIALECTS, freshStore } from "./helpers/dialects.js";

interface Row {
  name: string;
  release: string;
  firstSeen: string;
  lastSeen: string;
}
interface Summary {
  repositories: { status: string; packages: number; added: number; removed: number; changed: number }[];
}

let dir: { path: string; remove: () => Promise<void> };
let server: StaticServer;

before(async () => {
  dir = await tempDir();
  server = await startStaticServer(join(dir.path, "www"));
});
after(async () => {
  await server.close();
  await dir.remove();
});

for (const dialect of DIALECTS) {
  test(`${dialect}: unchanged repomd.xml downloads nothing else and only moves last-seen; a changed one is a new snapshot`, async () => {
    const repo = join(dir.path, "www", dialect, "9", "BaseOS", "x86_64", "os");
    const pkgs = join(repo, "Packages");
    await mkdir(pkgs, { recursive: true });
    const [bash1] = await buildRpms([{ name: "bash", version: "5.1.8", release: "6.el9", arch: "x86_64" }], pkgs);
    await buildRpms([{ name: "tzdata", version: "2024a", release: "1.el9", arch: "noarch" }], pkgs);
    await createrepo(repo);
    const db = await freshStore(dialect, dir.path, "inc");
    const key = "inc:9/BaseOS/x86_64";
    const url = `${server.url}/${dialect}/9/BaseOS/x86_64/os/`;
    const sync = () => runCliJson<Summary>(["--db", db, "sync", "--url", url, "--as", key, "--new-repo", "--json"]);
    const list = async () => (await runCliJson<{ rows: Row[] }>(["--db", db, "packages", key, "--json"])).rows;

    const s1 = await sync();
    assert.deepEqual(
      s1.repositories.map((r) => [r.status, r.packages, r.added, r.removed]),
      [["updated", 2, 2, 0]],
    );
    const first = await list();

    server.requests.length = 0;
    const s2 = await sync();
    assert.equal(s2.repositories[0]?.status, "unchanged");
    assert.deepEqual(
      server.requests,
      [`/${dialect}/9/BaseOS/x86_64/os/repodata/repomd.xml`],
      "only repomd.xml is requested",
    );
    const second = await list();
    assert.deepEqual(
      second.map((r) => r.firstSeen),
      first.map((r) => r.firstSeen),
    );
    for (const [i, r] of second.entries()) assert.ok(r.lastSeen > (first[i]?.lastSeen ?? ""), "last-seen moved on");

    // An update: bash 9.el9 replaces 6.el9, and a new package appears.
    await rm(join(pkgs, bash1 ?? ""));
    await buildRpms(
      [
        { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" },
        { name: "kernel", version: "5.14.0", release: "427.13.1.el9_4", arch: "x86_64" },
      ],
      pkgs,
    );
    await createrepo(repo);
    const s3 = await sync();
    assert.deepEqual(
      s3.repositories.map((r) => [r.status, r.packages, r.added, r.removed]),
      [["updated", 3, 2, 1]],
    );
    const third = await list();
    assert.deepEqual(
      third.map((r) => `${r.name}-${r.release}`),
      ["bash-9.el9", "kernel-427.13.1.el9_4", "tzdata-1.el9"],
    );
    const tz = third.find((r) => r.name === "tzdata");
    assert.equal(
      tz?.firstSeen,
      first.find((r) => r.name === "tzdata")?.firstSeen,
      "a kept package keeps its first-seen",
    );
    const bash = third.find((r) => r.name === "bash");
    assert.ok((bash?.firstSeen ?? "") > (first[0]?.firstSeen ?? ""), "a new build is first seen now");

    const { rows: repos } = await runCliJson<{ rows: { key: string; snapshots: number; packages: number }[] }>([
      "--db",
      db,
      "repos",
      "--json",
    ]);
    assert.deepEqual(repos, [{ ...repos[0], key, snapshots: 2, packages: 3 }]);
  });
}

// Issue 16, item 11: the store carried rows over by NEVRA alone, so a rebuild kept the first build's row.
test("sqlite: a rebuild with the same NEVRA but a new checksum, summary and location is stored, shown and counted", async () => {
  const repo = join(dir.path, "www", "rebuilt", "os");
  const pkgs = join(repo, "Packages");
  await mkdir(pkgs, { recursive: true });
  const spec = { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" };
  const [first] = await buildRpms([{ ...spec, summary: "The first build" }], pkgs);
  await createrepo(repo);
  const db = await freshStore("sqlite", dir.path, "rebuilt");
  const key = "rebuilt:9/BaseOS/x86_64";
  const url = `${server.url}/rebuilt/os/`;
  const sync = () => runCliJson<Summary>(["--db", db, "sync", "--url", url, "--as", key, "--new-repo", "--json"]);
  const list = async () =>
    (
      await runCliJson<{ rows: { checksum: string; summary: string; location: string }[] }>([
        "--db",
        db,
        "packages",
        key,
        "--json",
      ])
    ).rows;
  await sync();
  const before = await list();
  await rm(join(pkgs, first ?? ""));
  await mkdir(join(pkgs, "b"), { recursive: true });
  await buildRpms([{ ...spec, summary: "The second build" }], join(pkgs, "b"));
  await createrepo(repo);
  const s = await sync();
  const after = await list();
  assert.equal(after.length, 1);
  assert.notEqual(after[0]?.checksum, before[0]?.checksum, "the new build's checksum is shown");
  assert.equal(after[0]?.summary, "The second build");
  assert.match(after[0]?.location ?? "", /^Packages\/b\//);
  assert.deepEqual(
    [s.repositories[0]?.added, s.repositories[0]?.removed, s.repositories[0]?.changed],
    [0, 0, 1],
    "the rebuild is counted as changed, neither added nor removed",
  );
});
