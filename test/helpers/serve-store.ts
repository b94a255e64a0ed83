import assert from "node:assert/strict";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRpms, createrepo } from "./build-repo.js";
import { importFixtureData } from "./fixture-store.js";
import { runCli } from "./run-cli.js";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));

/**
 * The store the server tests read, built through the CLI as a user would and written to
 * `work`/serve.db: RHEL ships bash on 1 May 2024 and AlmaLinux its rebuild two days later (two
 * real repositories), AlmaLinux's mirrors, release notes and AMIs, RHEL's minor dates, and two
 * AlmaLinux advisories (OSV). Returns the store's path.
 */
export async function buildServeStore(work: string): Promise<string> {
  const db = join(work, "serve.db");
  const cli = async (...args: string[]): Promise<void> => {
    const r = await runCli(["--db", db, ...args]);
    assert.equal(r.code, 0, `elscope ${args.join(" ")}: ${r.stderr}`);
  };
  for (const [distro, day] of [
    ["rhel", "2024-05-01T00:00:00Z"],
    ["almalinux", "2024-05-03T00:00:00Z"],
  ] as const) {
    const repo = join(work, distro);
    await buildRpms(
      [{ name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64", withSource: true, fileTime: new Date(day) }],
      join(repo, "Packages"),
    );
    await createrepo(repo);
    await cli("sync", "--url", repo, "--as", `${distro}:9.4/BaseOS/x86_64`);
  }
  await importFixtureData(db, work, { mirrors: "2026-07-15", amis: "2026-08-17" });
  const osv = join(work, "osv");
  await mkdir(osv);
  // An OSV folder names its files after the advisory ids.
  await copyFile(join(FIXTURES, "osv", "alsa-thunderbird-security-trimmed.json"), join(osv, "ALSA-2024:8793.json"));
  await copyFile(join(FIXTURES, "osv", "alba-bugfix-2019-trimmed.json"), join(osv, "ALBA-2019:0973.json"));
  await cli("import", "osv", osv, "--distro", "almalinux");
  return db;
}
