import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { commitAll } from "./commit-all.js";
import { runCli } from "./run-cli.js";

/**
 * A mirror list's git history (AlmaLinux/mirrors' layout), imported with `--history every` into
 * `db`: 1 mirror (DE) from 2024-01-10, 3 (DE, FR, JP) from 2024-02-10, 2 (FR, JP) from 2024-03-10.
 *
 * @example
 * await mirrorListHistory(dir.path, join(dir.path, "mirrors.db"));
 */
export async function mirrorListHistory(dir: string, db: string): Promise<void> {
  const repo = join(dir, "mirrors-git");
  mkdirSync(join(repo, "mirrors.d"), { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
  const mirror = (name: string, country: string) =>
    `---\nname: ${name}\naddress:\n  https: https://${name}/almalinux/\nupdate_frequency: 3h\ngeolocation:\n  country: ${country}\nsponsor: S\n...\n`;
  writeFileSync(join(repo, "mirrors.d", "a.yml"), mirror("a.example", "DE"));
  commitAll(repo, "2024-01-10T10:00:00Z", "one");
  writeFileSync(join(repo, "mirrors.d", "b.yml"), mirror("b.example", "FR"));
  writeFileSync(join(repo, "mirrors.d", "c.yml"), mirror("c.example", "JP"));
  commitAll(repo, "2024-02-10T10:00:00Z", "three");
  await rm(join(repo, "mirrors.d", "a.yml"));
  commitAll(repo, "2024-03-10T10:00:00Z", "two");
  const r = await runCli([
    "--db",
    db,
    "import",
    "almalinux-mirrors",
    repo,
    "--distro",
    "almalinux",
    "--history",
    "every",
  ]);
  assert.equal(r.code, 0, r.stderr);
}
