import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseHostPackageList } from "../src/analyze/parse-host-package-list.js";
import { openStore } from "../src/store/open-store.js";
import { readHostList, SAMPLE_HOST_LIST } from "../src/queries/sample-host-list.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { buildRpms, createrepo, type RpmSpec } from "./helpers/build-repo.js";
import { fileURLToPath } from "node:url";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

// Targets built with rpmbuild and createrepo_c and synced: AlmaLinux 9 (BaseOS, AppStream, CRB),
// Rocky 9 (BaseOS, AppStream) and AlmaLinux 8 (BaseOS). The host is a CentOS Linux 8.5 with a
// modular perl-DBI, ninja-build from PowerTools, a package only AlmaLinux 9 ships, and a
// third-party agent.
type Spec = [repo: string, name: string, version: string, release: string, arch: string];
const TARGETS: Record<string, Spec[]> = {
  "almalinux:9.4": [
    ["BaseOS", "bash", "5.1.8", "9.el9", "x86_64"],
    ["BaseOS", "tzdata", "2024a", "1.el9", "noarch"],
    ["AppStream", "perl-DBI", "1.643", "9.el9", "x86_64"],
    ["AppStream", "only-here", "1.0", "1.el9", "x86_64"],
    ["CRB", "ninja-build", "1.10.2", "6.el9", "x86_64"],
    ["BaseOS", "new-tool", "2.0", "1.el9", "x86_64"],
  ],
  "rocky:9.4": [
    ["BaseOS", "bash", "5.1.8", "9.el9", "x86_64"],
    ["BaseOS", "tzdata", "2024a", "1.el9", "noarch"],
    ["AppStream", "perl-DBI", "1.643", "9.el9", "x86_64"],
  ],
  "almalinux:8.10": [
    ["BaseOS", "bash", "4.4.20", "4.el8_6", "x86_64"],
    ["BaseOS", "tzdata", "2023c", "1.el8", "noarch"],
  ],
};

const HOST = [
  ["bash", "0", "4.4.20", "4.el8_6", "x86_64", "CentOS", "baseos"],
  ["tzdata", "(none)", "2024a", "1.el8", "noarch", "CentOS", "baseos"],
  ["perl-DBI", "(none)", "1.641", "3.module_el8.3.0+413+9be2aeb5", "x86_64", "CentOS", "appstream"],
  ["only-here", "(none)", "1.0", "1.el8", "x86_64", "CentOS", "appstream"],
  ["ninja-build", "(none)", "1.8.2", "1.el8", "x86_64", "CentOS", "powertools"],
  ["centos-linux-release", "(none)", "8.5", "1.2111.el8", "noarch", "CentOS", "baseos"],
  ["zabbix-agent", "(none)", "6.0.0", "1.el8", "x86_64", "Zabbix LLC", "zabbix"],
] as const;

const evrOf = (h: (typeof HOST)[number]): string =>
  `${h[1] === "0" || h[1] === "(none)" ? "" : `${String(h[1])}:`}${h[2]}-${h[3]}`;
const RPM_QA = [
  ...HOST.map((h) => `${h[0]}-${evrOf(h)}.${h[4]}`),
  "gpg-pubkey-8483c65d-5ccc5b19",
  "this is not a package",
  "bash-4.4.20.x86_64",
].join("\n");
const RPM_QA_QF = [
  ...HOST.map((h) => `${h[0]} ${h[1]} ${h[2]} ${h[3]} ${h[4]} ${h[5]}`),
  "gpg-pubkey (none) 8483c65d 5ccc5b19 (none) (none)",
  "bash 0 4.4.20",
  "evil 0 1 1 x86_64\u001b[2J",
].join("\n");
const DNF_LIST = [
  "Last metadata expiration check: 0:01:02 ago on Tue 01 Dec 2026 10:00:00 AM UTC.",
  "Installed Packages",
  ...HOST.filter((h) => h[0] !== "centos-linux-release").map(
    (h) => `${`${h[0]}.${h[4]}`.padEnd(30)} ${evrOf(h).padEnd(30)} @${h[6]}`,
  ),
  // dnf wraps a name too long for its column
  "centos-linux-release.noarch",
  "                               8.5-1.2111.el8                 @baseos",
  "broken.x86_64 1.0",
].join("\n");

interface Row {
  target: string;
  name: string;
  status: string;
  source: string;
  targetBuild: string | null;
  targetRepo: string | null;
  detail: string | null;
}
interface Tool {
  target: string;
  tool: string;
  kind: string;
  applies: boolean | null;
  prerequisites: { check: string; met: boolean | null; source: string | null }[];
}
interface Answer {
  tools: Tool[];
  drivers: { target: string; kind: string; id: string; status: string }[];
  format: string;
  source: { distro: string; major: string; release: string | null; knownFrom: string };
  installedPackages: number;
  ignoredPackages: number;
  badLines: { line: number; text: string; reason: string }[];
  summaries: { target: string; unchangedShare: number | null; availableShare: number | null; blockers: string[] }[];
  rows: Row[];
  asOf: Record<string, string | null>;
  sources: string[];
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;
const file = (name: string): string => join(dir.path, name);

before(async () => {
  dir = await tempDir();
  db = join(dir.path, "store.db");
  for (const [target, specs] of Object.entries(TARGETS)) {
    const [distro = "", release = ""] = target.split(":");
    for (const repo of [...new Set(specs.map((s) => s[0]))]) {
      const path = join(dir.path, "www", distro, release, repo, "x86_64", "os");
      const rpms: RpmSpec[] = specs
        .filter((s) => s[0] === repo)
        .map(([, name, version, rel, arch]) => ({ name, version, release: rel, arch }));
      await buildRpms(rpms, join(path, "Packages"));
      await createrepo(path);
      const r = await runCli(["--db", db, "sync", "--url", path, "--as", `${distro}:${release}/${repo}/x86_64`]);
      assert.equal(r.code, 0, r.stderr);
    }
  }
  await writeFile(file("rpm-qa.txt"), RPM_QA);
  await writeFile(file("rpm-qa-qf.txt"), RPM_QA_QF);
  await writeFile(file("dnf-list.txt"), DNF_LIST);
});
after(() => dir.remove());

const check = (list: string, to: string, more: string[] = []): Promise<Answer> =>
  runCliJson<Answer>(["--db", db, "migrate-check", "--installed", file(list), "--to", to, ...more, "--json"]);
const status = (a: Answer, target: string, name: string): string | undefined =>
  a.rows.find((r) => r.target === target && r.name === name)?.status;
const statuses = (a: Answer, target: string): Record<string, string> =>
  Object.fromEntries(a.rows.filter((r) => r.target === target).map((r) => [r.name, r.status]));

describe("host package lists in three formats", () => {
  test("rpm -qa: NEVRAs read, gpg-pubkey ignored, bad lines reported with their numbers", () => {
    const l = parseHostPackageList(RPM_QA);
    assert.equal(l.format, "rpm-qa");
    assert.equal(l.packages.length, 7);
    assert.equal(l.ignored, 1);
    assert.deepEqual(
      l.badLines.map((b) => b.line),
      [9, 10],
    );
    assert.deepEqual(
      l.packages.find((p) => p.name === "perl-DBI"),
      {
        name: "perl-DBI",
        epoch: 0,
        version: "1.641",
        release: "3.module_el8.3.0+413+9be2aeb5",
        arch: "x86_64",
        vendor: null,
        fromRepo: null,
      },
    );
  });

  test("rpm -qa --qf: vendors with spaces, (none) epochs", () => {
    const l = parseHostPackageList(RPM_QA_QF);
    assert.equal(l.format, "rpm-qa-qf");
    assert.equal(l.packages.find((p) => p.name === "zabbix-agent")?.vendor, "Zabbix LLC");
    assert.deepEqual(
      l.badLines.map((b) => [b.line, b.reason]),
      [
        [9, "not NAME EPOCH VERSION RELEASE ARCH VENDOR"],
        [10, 'unknown architecture "x86_64\u001b[2J"'],
      ],
    );
  });

  test("dnf list installed: wrapped names joined, repositories kept, headers skipped", () => {
    const l = parseHostPackageList(DNF_LIST);
    assert.equal(l.format, "dnf-list-installed");
    assert.equal(l.packages.length, 7);
    assert.equal(l.packages.find((p) => p.name === "centos-linux-release")?.version, "8.5");
    assert.equal(l.packages.find((p) => p.name === "ninja-build")?.fromRepo, "powertools");
    assert.deepEqual(
      l.badLines.map((b) => b.text),
      ["broken.x86_64 1.0"],
    );
  });
});

describe("migrate-check against synced targets", () => {
  test("rpm -qa to AlmaLinux 9 and Rocky 9: newer builds, a package in one target only, a modular stream", async () => {
    const a = await check("rpm-qa.txt", "almalinux:9,rocky:9");
    assert.deepEqual(a.source, {
      distro: "centos",
      major: "8",
      release: "8.5",
      knownFrom: "release package",
      vendor: null,
    });
    assert.deepEqual(statuses(a, "almalinux:9"), {
      bash: "newer-in-target",
      "centos-linux-release": "missing",
      "ninja-build": "newer-in-target",
      "only-here": "newer-in-target",
      "perl-DBI": "modular-stream-change",
      tzdata: "newer-in-target",
      "zabbix-agent": "missing",
    });
    assert.equal(status(a, "rocky:9", "only-here"), "missing");
    assert.equal(status(a, "rocky:9", "ninja-build"), "missing");
    assert.equal(a.badLines.length, 2);
    assert.ok(a.asOf["almalinux"] !== null && a.asOf["rocky"] !== null, "each target names its as-of");
    const rocky = a.summaries.find((s) => s.target === "rocky:9");
    assert.deepEqual(rocky?.blockers, [
      "centos-linux-release-8.5-1.2111.el8.noarch (missing)",
      "ninja-build-1.8.2-1.el8.x86_64 (missing)",
      "only-here-1.0-1.el8.x86_64 (missing)",
      "perl-DBI-1.641-3.module_el8.3.0+413+9be2aeb5.x86_64 (modular-stream-change)",
      "zabbix-agent-6.0.0-1.el8.x86_64 (missing)",
    ]);
    assert.equal(rocky?.unchangedShare, 0);
    assert.equal(rocky?.availableShare, 2 / 7);
  });

  test("rpm -qa --qf: another vendor is third-party, left out of the shares", async () => {
    const a = await check("rpm-qa-qf.txt", "almalinux:9");
    assert.equal(status(a, "almalinux:9", "zabbix-agent"), "third-party");
    assert.equal(a.rows.find((r) => r.name === "zabbix-agent")?.source, "host vendor");
    // bash, tzdata, only-here, ninja-build of six: perl-DBI changes stream, centos-linux-release is missing
    assert.equal(a.summaries[0]?.availableShare, 4 / 6);
  });

  test("dnf list installed: PowerTools to CRB is another repository", async () => {
    const a = await check("dnf-list.txt", "almalinux:9");
    const ninja = a.rows.find((r) => r.name === "ninja-build");
    assert.equal(ninja?.status, "other-repository");
    assert.equal(ninja?.targetRepo, "CRB");
    assert.equal(ninja?.detail, "powertools → CRB; newer in target");
    assert.equal(status(a, "almalinux:9", "bash"), "newer-in-target");
  });

  test("same major: same build and older in the target", async () => {
    const a = await check("rpm-qa.txt", "almalinux:8", ["--from", "centos:8"]);
    assert.equal(a.source.knownFrom, "--from");
    assert.equal(status(a, "almalinux:8", "bash"), "same-build");
    assert.equal(status(a, "almalinux:8", "tzdata"), "older-in-target");
  });

  test("a target with nothing synced is unknown; only such targets: no data (exit 6)", async () => {
    const a = await check("rpm-qa.txt", "almalinux:9,oracle:9");
    assert.equal(status(a, "oracle:9", "bash"), "unknown");
    assert.equal(a.summaries.find((s) => s.target === "oracle:9")?.unchangedShare, null);
    const r = await runCli(["--db", db, "migrate-check", "--installed", file("rpm-qa.txt"), "--to", "oracle:9"]);
    assert.equal(r.code, 6, r.stderr);
  });

  test("bad lines go to stderr, one escaped line each; CSV has one row per package and target", async () => {
    const r = await runCli([
      "--db",
      db,
      "migrate-check",
      "--installed",
      file("rpm-qa-qf.txt"),
      "--to",
      "rocky:9",
      "--csv",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const bad = r.stderr.split("\n").filter((l) => l.includes("not read"));
    assert.equal(bad.length, 2);
    assert.ok(bad[1]?.includes("\\x1b[2J") && !r.stderr.includes("\u001b"), r.stderr);
    const lines = r.stdout.trim().split("\r\n");
    assert.equal(lines.length, 1 + 7);
    assert.equal(lines[0], "target,name,arch,installed,fromRepo,status,source,detail,targetBuild,targetRepo");
  });

  test("a list naming no release package needs --from (exit 2)", async () => {
    await writeFile(file("no-release.txt"), "bash-4.4.20-4.el8_6.x86_64\n");
    const r = await runCli(["--db", db, "migrate-check", "--installed", file("no-release.txt"), "--to", "rocky:9"]);
    assert.equal(r.code, 2, r.stderr);
  });
});

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const LEAPP_DATA = "/work/shared/data/leapp-data";

describe("leapp data: a rename from PES events, PowerTools → CRB from the repository map", () => {
  const list = [
    "Installed Packages",
    "old-tool.x86_64      1.0-1.el8       @baseos",
    "ninja-build.x86_64   1.8.2-1.el8     @powertools",
    "centos-linux-release.noarch  8.5-1.2111.el8  @baseos",
  ].join("\n");
  before(() => writeFile(file("leapp-host.txt"), list));
  const importLeapp = async (args: string[]): Promise<void> => {
    const r = await runCli(["--db", db, "import", ...args]);
    assert.equal(r.code, 0, r.stderr);
  };

  test("before any import: old-tool is missing, ninja-build's move is read from the store alone", async () => {
    const a = await check("leapp-host.txt", "almalinux:9");
    assert.equal(status(a, "almalinux:9", "old-tool"), "missing");
    assert.equal(a.rows.find((r) => r.name === "ninja-build")?.source, "store snapshot");
  });

  test("imported: old-tool is renamed to new-tool (PES), ninja-build moves through the repomap", async () => {
    // The repository map straight from the shared copy of AlmaLinux/leapp-data; its distribution from its name.
    await importLeapp(["leapp-repomap", join(LEAPP_DATA, "almalinux-repomap.json.el9")]);
    await importLeapp([
      "leapp-pes-events",
      join(FIXTURES, "leapp-pes-events", "generated-documented-format.json"),
      "--distro",
      "almalinux",
    ]);
    const a = await check("leapp-host.txt", "almalinux:9,rocky:9");
    const old = a.rows.find((r) => r.target === "almalinux:9" && r.name === "old-tool");
    assert.deepEqual([old?.status, old?.source, old?.targetBuild], ["renamed", "pes", "new-tool-2.0-1.el9.x86_64"]);
    const ninja = a.rows.find((r) => r.target === "almalinux:9" && r.name === "ninja-build");
    assert.deepEqual([ninja?.status, ninja?.source], ["other-repository", "repomap"]);
    // Rocky has no leapp data imported here, and no new-tool: missing.
    assert.equal(status(a, "rocky:9", "old-tool"), "missing");
    assert.ok(
      a.sources.some((s) => s.startsWith("almalinux: leapp-repomap ")),
      a.sources.join("; "),
    );
    assert.ok(
      a.sources.some((s) => s.startsWith("almalinux: leapp-pes-events ")),
      a.sources.join("; "),
    );
  });

  test("a real PES file (Rocky's, trimmed): its removals explain a missing package; its distribution read from its name", async () => {
    await writeFile(
      file("pes-host.txt"),
      [
        "bind-export-libs-9.11.36-11.el8_9.x86_64",
        "bash-4.4.20-4.el8_6.x86_64",
        "centos-linux-release-8.5-1.2111.el8.noarch",
      ].join("\n"),
    );
    const before = await check("pes-host.txt", "rocky:9");
    assert.equal(before.rows.find((r) => r.name === "bind-export-libs")?.detail, null);
    await importLeapp(["leapp-pes-events", join(FIXTURES, "leapp-pes-events", "rocky-pes-events.json")]);
    const a = await check("pes-host.txt", "rocky:9");
    const bind = a.rows.find((r) => r.name === "bind-export-libs");
    assert.deepEqual([bind?.status, bind?.detail], ["missing", "removed in the target's major (PES event 2236)"]);
    assert.equal(status(a, "rocky:9", "bash"), "newer-in-target");
  });

  test("a repomap.csv is imported by its own kind, its distribution read from its name", async () => {
    await importLeapp(["leapp-repomap-csv", join(LEAPP_DATA, "rocky-repomap.csv")]);
    const r = await runCli([
      "--db",
      db,
      "import",
      "leapp-repomap-csv",
      join(LEAPP_DATA, "rocky-repomap.csv"),
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { distro: string; records: number }).distro, "rocky");
  });
});

describe("which tool applies, from the facts, checked against the host", () => {
  const tools = (a: Answer): [string, string, boolean | null][] => a.tools.map((t) => [t.target, t.tool, t.applies]);

  test("CentOS 8.5 to AlmaLinux 8 and 9, Rocky 9: conversion in the major, ELevate one major up", async () => {
    const a = await check("rpm-qa.txt", "almalinux:8,almalinux:9,rocky:9");
    assert.deepEqual(tools(a), [
      ["almalinux:8", "ELevate/leapp", false],
      ["almalinux:8", "almalinux-deploy", true],
      ["almalinux:9", "ELevate/leapp", true],
      ["almalinux:9", "almalinux-deploy", false],
      ["rocky:9", "ELevate/leapp", true],
      ["rocky:9", "migrate2rocky", false],
    ]);
  });

  test("migrate2rocky needs EL 8.5 or later: a CentOS 8.4 host does not qualify, 8.5 does", async () => {
    await writeFile(file("centos-84.txt"), "bash-4.4.20-4.el8_6.x86_64\ncentos-linux-release-8.4-1.2105.el8.noarch\n");
    const old = await check("centos-84.txt", "almalinux:8,rocky:8");
    const m2r = old.tools.find((t) => t.tool === "migrate2rocky");
    assert.equal(m2r?.applies, false);
    assert.deepEqual(
      m2r?.prerequisites.map((p) => [p.check, p.met]),
      [
        ["same major (EL 8 → EL 8)", true],
        ["EL 8.5 or later (host: 8.4)", false],
      ],
    );
    const ok = await check("rpm-qa.txt", "almalinux:8,rocky:8");
    assert.equal(ok.tools.find((t) => t.tool === "migrate2rocky")?.applies, true);
  });
});

describe("--drivers: lsmod and lspci -nn against each target's device driver deprecation data", () => {
  const LSPCI = [
    "00:1f.2 SATA controller [0106]: Intel Corporation 82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode] [8086:2922] (rev 02)",
    "03:00.0 Mass storage controller [0180]: Emulex Corporation OneConnect 10Gb iSCSI Initiator (be3) [19a2:0222] (rev 01)",
  ].join("\n");
  const LSMOD = [
    "Module                  Size  Used by",
    "xfs                  1564672  2",
    "3w_9xxx                53248  0",
    "mptsas                 69632  2",
  ].join("\n");
  const drivers = (a: Answer): string[] => a.drivers.map((d) => `${d.target} ${d.kind} ${d.id} ${d.status}`);

  test("before the data is imported every driver is unknown", async () => {
    await writeFile(file("lspci.txt"), LSPCI);
    await writeFile(file("lsmod.txt"), LSMOD);
    const a = await check("rpm-qa.txt", "almalinux:9", ["--drivers", file("lsmod.txt")]);
    assert.deepEqual(
      a.drivers.map((d) => d.status),
      ["unknown", "unknown", "unknown"],
    );
  });

  test("AlmaLinux keeps be2iscsi's device in 9 (unmaintained), Rocky removed it; 3w-9xxx is gone from both", async () => {
    for (const v of ["almalinux", "rocky"]) {
      const r = await runCli([
        "--db",
        db,
        "import",
        "leapp-device-drivers",
        join(LEAPP_DATA, `${v}-device_driver_deprecation_data.json`),
      ]);
      assert.equal(r.code, 0, r.stderr);
    }
    const pci = await check("rpm-qa.txt", "almalinux:9,rocky:9", ["--drivers", file("lspci.txt")]);
    assert.deepEqual(drivers(pci), [
      "almalinux:9 pci 0x19a2:0x0222 unmaintained",
      "almalinux:9 pci 0x8086:0x2922 not-listed",
      "rocky:9 pci 0x19a2:0x0222 removed",
      "rocky:9 pci 0x8086:0x2922 not-listed",
    ]);
    assert.ok(
      pci.summaries.find((s) => s.target === "rocky:9")?.blockers.includes("PCI device 0x19a2:0x0222 (removed)"),
    );
    assert.ok(!pci.summaries.find((s) => s.target === "almalinux:9")?.blockers.some((b) => b.startsWith("PCI")));
    const mod = await check("rpm-qa.txt", "rocky:9", ["--drivers", file("lsmod.txt")]);
    assert.deepEqual(drivers(mod), [
      "rocky:9 module 3w_9xxx removed",
      "rocky:9 module mptsas unmaintained",
      "rocky:9 module xfs not-listed",
    ]);
  });
});

describe("POST /api/migrate-check: the same answer as the command", () => {
  test("the host list as the text/plain body; no list is 400, no synced target 404, GET 405", async () => {
    const store = await openStore(db);
    try {
      const app = readOnlyApp(store);
      const post = (query: string, body: string) =>
        app.request(`/api/migrate-check?${query}`, { method: "POST", body, headers: { "content-type": "text/plain" } });
      const res = await post("to=almalinux:9,rocky:9", RPM_QA);
      assert.equal(res.status, 200);
      const api = (await res.json()) as Answer;
      const cli = await check("rpm-qa.txt", "almalinux:9,rocky:9");
      assert.deepEqual(api.rows, cli.rows);
      assert.deepEqual(api.summaries, cli.summaries);
      assert.deepEqual(api.tools, cli.tools);
      assert.equal((await post("to=almalinux:9", "not a package\n")).status, 400);
      assert.equal((await post("to=oracle:9", RPM_QA)).status, 404);
      assert.equal((await app.request("/api/migrate-check?to=rocky:9")).status, 405);
    } finally {
      await store.close();
    }
  });
});

describe("the report's migration readiness section", () => {
  test("the shipped sample is a real Rocky Linux 8.9 list: every line read, its release named", () => {
    const host = readHostList(SAMPLE_HOST_LIST);
    const l = parseHostPackageList(host.text);
    assert.equal(l.format, "rpm-qa");
    assert.deepEqual(l.badLines, []);
    assert.equal(l.packages.length, 148);
    assert.match(host.label, /^rockylinux:8\.9/);
    assert.match(host.source, /^https:\/\/github\.com\/docker-library\/repo-info\/blob\/[0-9a-f]{40}\//);
    assert.ok(l.packages.some((p) => p.name === "rocky-release" && p.version === "8.9"));
  });

  test("--host-list: one row per synced target of the host's major, unsynced ones as no data", async () => {
    await writeFile(file("host.rpm-qa"), `# label: test host\n# source: https://example.org/host\n${RPM_QA}\n`);
    const out = join(dir.path, "report");
    const r = await runCli([
      "--db",
      db,
      "report",
      "--host-list",
      file("host.rpm-qa"),
      "--out",
      out,
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const model = JSON.parse(await readFile(join(out, "elscope-report.json"), "utf8")) as {
      sections: {
        id: string;
        tables: { title: string; headers: string[]; rows: unknown[][] }[];
        noData: { what: string; command: string }[];
      }[];
    };
    const s = model.sections.find((x) => x.id === "migration");
    assert.ok(s);
    const t = s.tables.find((x) =>
      x.title.startsWith("Migration readiness of a sample host: test host (7 packages, centos:8.5)"),
    );
    assert.ok(t, JSON.stringify(s.tables.map((x) => x.title)));
    assert.deepEqual(
      t.rows.map((row) => row[0]),
      ["almalinux:8"],
    );
    const col = (name: string): unknown => t.rows[0]?.[t.headers.indexOf(name)];
    // bash is the same build; tzdata is older in AlmaLinux 8 (2023c against the host's 2024a).
    assert.equal(col("same build"), 1);
    assert.equal(col("older in target"), 1);
    assert.ok(
      s.noData.some((n) => n.what.endsWith("on rocky:8") && n.command === "elscope sync --distro rocky --release 8"),
    );
    assert.ok(
      s.tables.some(
        (x) => x.title.startsWith("Tools that move the sample host") && x.rows.some((row) => row[0] === "almalinux:8"),
      ),
    );
  });
});
