import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "./helpers/static-server.js";
import { tempDir } from "./helpers/temp-dir.js";

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const SHARED = fileURLToPath(new URL("../../../shared/data/almalinux-mirrors/", import.meta.url));

interface Stats {
  distros: {
    distro: string;
    mirrors: { total: number; public: number; private: number };
    protocols: Record<string, number>;
    countries: { country: string; mirrors: number }[];
    continents: { continent: string; mirrors: number }[];
    clouds: { cloud: string; mirrors: number }[];
    sponsors: { distinct: number };
    updateFrequency: { medianHours: number | null; unknown: number };
    ipv6: { yes: number; no: number; unknown: number };
    growth: { date: string; mirrors: number; detail: string }[];
    sources: { kind: string; source: string }[];
  }[];
}
interface Imported {
  mirrors: number;
  snapshots: { new: number; unchanged: number };
  warnings: number;
}

let dir: { path: string; remove: () => Promise<void> };

/** `elscope import <kind> <source> --distro <distro> --json` into `db`. */
function importList(db: string, kind: string, source: string, distro: string): Promise<Imported> {
  return runCliJson<Imported>(["--db", db, "import", kind, source, "--distro", distro, "--json"]);
}
let http: StaticServer;

before(async () => {
  dir = await tempDir();
  http = await startStaticServer(FIXTURES);
});
after(async () => {
  await http.close();
  await dir.remove();
});

/** A mirrors.d folder from the real trimmed files plus the given extra files. */
async function mirrorsDir(name: string, extra: Record<string, string>): Promise<string> {
  const root = join(dir.path, name);
  await mkdir(join(root, "mirrors.d"), { recursive: true });
  for (const f of await readdir(join(FIXTURES, "almalinux-mirrors"))) {
    await copyFile(join(FIXTURES, "almalinux-mirrors", f), join(root, "mirrors.d", f));
  }
  for (const [f, text] of Object.entries(extra)) await writeFile(join(root, "mirrors.d", f), text);
  return root;
}

test("AlmaLinux mirrors.d: bad YAML, a mirror without address and a duplicate are reported; the rest is imported", async () => {
  const root = await mirrorsDir("alma", {
    "bad-yaml.yml": "---\nname: [unclosed\naddress:\n",
    "no-address.yml": "---\nname: nowhere.example\nsponsor: Nobody\n...\n",
    "zz-duplicate.yml": "---\nname: al-mirror.a2hosting.com\naddress:\n  https: https://other.example/\n...\n",
  });
  const db = join(dir.path, "alma.db");
  const r = await runCli(["--db", db, "import", "almalinux-mirrors", root, "--distro", "almalinux"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^almalinux: 5 mirrors from almalinux-mirrors \(1 new snapshots, 0 unchanged\), 3 problems/);
  assert.match(r.stderr, /mirrors\.d\/bad-yaml\.yml: invalid YAML/);
  assert.match(r.stderr, /mirrors\.d\/no-address\.yml: nowhere\.example: no "address"/);
  assert.match(
    r.stderr,
    /mirrors\.d\/zz-duplicate\.yml: mirror al-mirror\.a2hosting\.com is already listed in mirrors\.d\/public-mirror-with-geolocation\.yml/,
  );
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace");

  const s = (await runCliJson<Stats>(["--db", db, "mirrors", "stats", "--distro", "almalinux", "--json"])).distros[0];
  assert.ok(s !== undefined);
  // The five fixture files: one private (subnets), one cloud (aws), one http-only, one "UK" (ISO GB).
  assert.deepEqual(s.mirrors, { total: 5, public: 4, private: 1 });
  assert.deepEqual(s.protocols, { ftp: 0, http: 5, https: 4, rsync: 0 });
  assert.deepEqual(s.clouds, [{ cloud: "aws", mirrors: 1 }]);
  assert.deepEqual(
    s.countries.map((c) => c.country),
    ["US", "GB", "IT"],
  );
  assert.deepEqual(s.continents, [
    { continent: "EU", mirrors: 2, name: "Europe" },
    { continent: "NA", mirrors: 2, name: "North America" },
  ]);
  assert.equal(s.updateFrequency.unknown, 0);
  assert.deepEqual(s.ipv6, { yes: 0, no: 0, unknown: 5, fromList: 0, fromProbe: 0 });

  // The same list again is no new snapshot; a changed one is.
  const again = await importList(db, "almalinux-mirrors", root, "almalinux");
  assert.deepEqual(again.snapshots, { new: 0, unchanged: 1 });
  await rm(join(root, "mirrors.d", "cloud-mirror.yml"));
  const changed = await importList(db, "almalinux-mirrors", root, "almalinux");
  assert.deepEqual([changed.mirrors, changed.snapshots.new], [4, 1]);
  const after = (await runCliJson<Stats>(["--db", db, "mirrors", "stats", "--json"])).distros[0];
  assert.deepEqual(
    after?.growth.map((g) => g.mirrors),
    [5, 4],
  );

  // A folder with nothing readable is an error, and the store keeps the last good list.
  const empty = join(dir.path, "empty");
  await mkdir(empty);
  const bad = await runCli(["--db", db, "import", "almalinux-mirrors", empty, "--distro", "almalinux"]);
  assert.equal(bad.code, 4);
  assert.match(bad.stderr, /almalinux:almalinux-mirrors: .*empty: no mirror could be read/);
  const kept = (await runCliJson<Stats>(["--db", db, "mirrors", "stats", "--json"])).distros[0];
  assert.equal(kept?.mirrors.total, 4);
});

test("a mirror list's git history becomes its growth, from a repository and from a bundle", async () => {
  const repo = join(dir.path, "history");
  await mkdir(join(repo, "mirrors.d"), { recursive: true });
  const git = (args: string[], when?: string) =>
    run("git", ["-C", repo, ...args], {
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.invalid",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.invalid",
        ...(when === undefined ? {} : { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when }),
      },
    });
  const mirror = (name: string, country: string) =>
    `---\nname: ${name}\naddress:\n  https: https://${name}/almalinux/\nupdate_frequency: 3h\ngeolocation:\n  country: ${country}\nsponsor: S\n...\n`;
  await git(["init", "--quiet", "-b", "main"]);
  const commit = async (when: string, files: Record<string, string | null>) => {
    for (const [f, text] of Object.entries(files)) {
      if (text === null) await rm(join(repo, "mirrors.d", f));
      else await writeFile(join(repo, "mirrors.d", f), text);
    }
    await git(["add", "-A"]);
    await git(["commit", "--quiet", "-m", when], when);
  };
  await commit("2024-01-10T10:00:00Z", { "a.yml": mirror("a.example", "DE"), "b.yml": mirror("b.example", "FR") });
  await commit("2024-01-20T10:00:00Z", { "c.yml": mirror("c.example", "JP") });
  await commit("2024-02-05T10:00:00Z", { "b.yml": null });
  await commit("2024-03-01T10:00:00Z", { "a.yml": mirror("a.example", "AT") });
  const bundle = join(dir.path, "history.bundle");
  await git(["bundle", "create", bundle, "--all"]);

  for (const [source, history, expected] of [
    [
      repo,
      "monthly",
      [
        ["2024-01-20", 3],
        ["2024-02-05", 2],
        ["2024-03-01", 2],
      ],
    ],
    [
      bundle,
      "every",
      [
        ["2024-01-10", 2],
        ["2024-01-20", 3],
        ["2024-02-05", 2],
        ["2024-03-01", 2],
      ],
    ],
  ] as const) {
    const db = join(dir.path, `history-${history}.db`);
    const r = await runCliJson<Imported>([
      "--db",
      db,
      "import",
      "almalinux-mirrors",
      source,
      "--distro",
      "almalinux",
      "--history",
      history,
      "--json",
    ]);
    // The list as it is now equals the last commit: stored once, checked again.
    assert.deepEqual(r.snapshots, { new: expected.length, unchanged: 1 });
    const s = (await runCliJson<Stats>(["--db", db, "mirrors", "stats", "--json"])).distros[0];
    assert.deepEqual(
      s?.growth.map((g) => [g.date.slice(0, 10), g.mirrors]),
      expected.map(([d, n]) => [d, n]),
    );
    assert.deepEqual(s?.countries.map((c) => c.country).sort(), ["AT", "JP"]);
  }
  const notBundle = await runCli([
    "--db",
    join(dir.path, "x.db"),
    "import",
    "almalinux-mirrors",
    join(repo, "mirrors.d", "a.yml"),
    "--distro",
    "almalinux",
  ]);
  assert.equal(notBundle.code, 4);
  assert.match(notBundle.stderr, /a\.yml: not a git bundle/);
});

test("metalink, mirrorlist, plain lists and count series over HTTP; a page that is no metalink changes nothing", async () => {
  const db = join(dir.path, "lists.db");
  const metalink = `${http.url}/metalink/documented-format-repomd-with-alternates.xml`;
  const m = await importList(db, "metalink", metalink, "centos-stream");
  assert.equal(m.mirrors, 4);
  const l = await importList(
    db,
    "mirrormanager-mirrorlist",
    `${http.url}/mirrormanager-mirrorlist/documented-format-rocky-baseos.txt`,
    "rocky",
  );
  assert.equal(l.mirrors, 4);
  const u = await importList(
    db,
    "mirror-url-list",
    `${http.url}/mirror-url-list/almalinux-https-bases.txt`,
    "almalinux",
  );
  assert.equal(u.mirrors, 12);
  const c = await runCliJson<Imported>([
    "--db",
    db,
    "import",
    "mirror-count-history",
    join(FIXTURES, "mirror-count-history", "almalinux-count-history.csv"),
    "--distro",
    "almalinux",
    "--json",
  ]);
  assert.equal(c.snapshots.new, 66);

  const s = await runCliJson<Stats>(["--db", db, "mirrors", "stats", "--json"]);
  const centos = s.distros.find((d) => d.distro === "centos-stream");
  // The metalink: three public hosts and one marked mm0:private; protocols per host, not per URL.
  assert.deepEqual(centos?.mirrors, { total: 4, public: 3, private: 1 });
  assert.deepEqual(centos?.protocols, { ftp: 1, http: 1, https: 3, rsync: 1 });
  const alma = s.distros.find((d) => d.distro === "almalinux");
  assert.equal(alma?.growth.filter((g) => g.detail === "count").length, 66);
  assert.deepEqual(alma?.growth.at(-1)?.mirrors, 12);

  const bad = await runCli([
    "--db",
    db,
    "import",
    "metalink",
    `${http.url}/mirror-url-list/almalinux-https-bases.txt`,
    "--distro",
    "centos-stream",
  ]);
  assert.equal(bad.code, 5);
  assert.match(
    bad.stderr,
    /^elscope: centos-stream:metalink: http:\/\/127\.0\.0\.1:\d+\/mirror-url-list\/almalinux-https-bases\.txt: /m,
  );
  const same = await runCliJson<Stats>(["--db", db, "mirrors", "stats", "--distro", "centos-stream", "--json"]);
  assert.deepEqual(same.distros[0]?.mirrors, centos?.mirrors);

  const none = await runCli(["--db", join(dir.path, "none.db"), "mirrors", "stats", "--distro", "oracle"]);
  assert.equal(none.code, 6);
  assert.match(none.stderr, /no mirror list for oracle: run `elscope import/);
});

test(
  "the real AlmaLinux mirror list: every one of its files is read",
  { skip: !existsSync(SHARED) && "shared data not present" },
  async () => {
    const db = join(dir.path, "real.db");
    const files = (await readdir(join(SHARED, "mirrors.d"))).filter((f) => f.endsWith(".yml"));
    const r = await importList(db, "almalinux-mirrors", SHARED, "almalinux");
    assert.equal(r.mirrors, files.length);
    const csv = await runCli(["--db", db, "mirrors", "stats", "--csv"]);
    assert.equal(csv.code, 0);
    assert.match(
      csv.stdout,
      new RegExp(`^distro,asOf,mirrors,public,private,http,https,rsync,ftp,.*\\r\\nalmalinux,[^,]+,${files.length},`),
    );
  },
);
