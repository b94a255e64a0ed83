// `elscope diff` on repositories built here with rpmbuild + createrepo_c: a build the rebuild
// only marked (…el9 → …el9.rocky.0.1) is the same build rebuilt, not an upgrade.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { buildRpms, createrepo, type RpmSpec } from "./helpers/build-repo.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const AT = new Date("2024-05-01T12:00:00Z");
const SIDES: Record<string, [name: string, version: string, release: string][]> = {
  "rhel:9.4/BaseOS/x86_64": [
    ["openssh", "8.7p1", "38.el9"],
    ["bash", "5.1.8", "9.el9"],
    ["kernel", "5.14.0", "427.13.1.el9_4"],
  ],
  "rocky:9.4/BaseOS/x86_64": [
    ["openssh", "8.7p1", "38.el9.rocky.0.1"],
    ["bash", "5.1.8", "9.el9"],
    ["kernel", "5.14.0", "427.16.1.el9_4"],
  ],
};

/** What rpm, and so `dnf repodiff`, makes of b against a: 1 newer (dnf: "Upgraded"), -1 older, 0 equal. */
function rpmVercmp(a: string, b: string): number {
  return Number(execFileSync("rpm", ["--eval", `%{lua: io.write(rpm.vercmp("${b}", "${a}"))}`], { encoding: "utf8" }));
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;
before(async () => {
  dir = await tempDir();
  db = join(dir.path, "store.db");
  for (const [key, specs] of Object.entries(SIDES)) {
    const repo = join(dir.path, key.replace(/[:/]/g, "_"));
    const rpms: RpmSpec[] = specs.map(([name, version, release]) => ({
      name,
      version,
      release,
      arch: "x86_64",
      fileTime: AT,
    }));
    await buildRpms(rpms, join(repo, "Packages"));
    await createrepo(repo);
    const r = await runCli(["--db", db, "sync", "--url", repo, "--as", key]);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => dir.remove());

interface DiffJson {
  upgraded: { name: string; from: string; to: string }[];
  downgraded: unknown[];
  rebuilt: { name: string; arch: string | null; from: string; to: string; as: string }[];
  unchanged: number;
}

test("diff: a marker-only rebuild is rebuilt (modified), where dnf repodiff's EVR order calls it an upgrade", async () => {
  // rpm orders …el9.rocky.0.1 above …el9, so dnf repodiff lists both openssh and kernel as "Upgraded".
  assert.equal(rpmVercmp("8.7p1-38.el9", "8.7p1-38.el9.rocky.0.1"), 1);
  assert.equal(rpmVercmp("5.14.0-427.13.1.el9_4", "5.14.0-427.16.1.el9_4"), 1);
  for (const by of ["binary", "source"]) {
    const d = await runCliJson<DiffJson>([
      "--db",
      db,
      "diff",
      "rhel:9.4/BaseOS/x86_64",
      "rocky:9.4/BaseOS/x86_64",
      "--by",
      by,
      "--json",
    ]);
    // The catalog's markers of both sides decide, as in parity: openssh is RHEL's build, rebuilt with Rocky's marker.
    assert.deepEqual(d.rebuilt, [
      { name: "openssh", arch: null, from: "8.7p1-38.el9", to: "8.7p1-38.el9.rocky.0.1", as: "modified" },
    ]);
    assert.deepEqual(
      d.upgraded.map((x) => [x.name, x.from, x.to]),
      [["kernel", "5.14.0-427.13.1.el9_4", "5.14.0-427.16.1.el9_4"]],
    );
    assert.deepEqual([d.downgraded, d.unchanged], [[], 1]);
  }
  // The other way round it is no downgrade either.
  const back = await runCliJson<DiffJson>([
    "--db",
    db,
    "diff",
    "rocky:9.4/BaseOS/x86_64",
    "rhel:9.4/BaseOS/x86_64",
    "--json",
  ]);
  assert.deepEqual(
    back.rebuilt.map((x) => [x.name, x.as]),
    [["openssh", "modified"]],
  );
  assert.deepEqual(
    (back.downgraded as { name: string }[]).map((x) => x.name),
    ["kernel"],
  );
  const text = await runCli(["--db", db, "diff", "rhel:9.4/BaseOS/x86_64", "rocky:9.4/BaseOS/x86_64"]);
  assert.match(text.stdout, /Rebuilt \(modified\): openssh 8\.7p1-38\.el9 -> 8\.7p1-38\.el9\.rocky\.0\.1/);
  assert.match(text.stdout, /Upgraded packages: 1\n/);
  const csv = await runCli(["--db", db, "diff", "rhel:9.4/BaseOS/x86_64", "rocky:9.4/BaseOS/x86_64", "--csv"]);
  assert.match(csv.stdout, /rebuilt \(modified\),openssh,,8\.7p1-38\.el9,8\.7p1-38\.el9\.rocky\.0\.1/);
});
