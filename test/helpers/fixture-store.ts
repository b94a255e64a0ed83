import assert from "node:assert/strict";
import { copyFile, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "./run-cli.js";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));

/**
 * Fills the store at `db` through the CLI with the trimmed real fixtures: the
 * AlmaLinux mirrors.d files, AlmaLinux's release notes and RHEL's minor dates,
 * and AlmaLinux's AMI list, as of the given dates.
 */
export async function importFixtureData(
  db: string,
  work: string,
  asOf: { mirrors: string; amis: string },
): Promise<void> {
  const cli = async (...args: string[]): Promise<void> => {
    const r = await runCli(["--db", db, ...args]);
    assert.equal(r.code, 0, `elscope ${args.join(" ")}: ${r.stderr}`);
  };
  const mirrors = join(work, "mirrors", "mirrors.d");
  await mkdir(mirrors, { recursive: true });
  for (const f of await readdir(join(FIXTURES, "almalinux-mirrors"))) {
    await copyFile(join(FIXTURES, "almalinux-mirrors", f), join(mirrors, f));
  }
  await cli("import", "almalinux-mirrors", join(work, "mirrors"), "--distro", "almalinux", "--as-of", asOf.mirrors);
  await cli(
    "import",
    "almalinux-release-notes",
    join(FIXTURES, "almalinux-release-notes", "release-notes-10-and-9.md"),
    "--distro",
    "almalinux",
  );
  await cli(
    "import",
    "endoflife-release-data",
    join(FIXTURES, "endoflife-release-data", "redhat-minors-to-9-3.json"),
    "--distro",
    "rhel",
  );
  await cli(
    "import",
    "almalinux-ami-csv",
    join(FIXTURES, "almalinux-ami-csv", "aws-amis-9-trimmed.csv"),
    "--distro",
    "almalinux",
    "--as-of",
    asOf.amis,
  );
}
