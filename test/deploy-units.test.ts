import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempDir } from "./helpers/temp-dir.js";

const run = promisify(execFile);
const DEPLOY = fileURLToPath(new URL("../../deploy/", import.meta.url));
const SYSTEM_UNITS = ["/usr/lib/systemd/system", "/lib/systemd/system"].find((d) => existsSync(d));
const ANALYZE = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((f) => existsSync(f));

async function units(): Promise<string[]> {
  return (await readdir(DEPLOY)).filter((f) => /^elscope-.*\.(service|timer)$/.test(f)).sort();
}

test("every ${VAR} in a unit's command line has a value from Environment= or elscope.env", async () => {
  const envFile = await readFile(join(DEPLOY, "elscope.env"), "utf8");
  const fromFile = new Set([...envFile.matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  for (const unit of await units()) {
    const text = await readFile(join(DEPLOY, unit), "utf8");
    const set = new Set(fromFile);
    for (const line of text.matchAll(/^Environment=(.*)$/gm))
      for (const pair of (line[1] ?? "").split(/\s+/)) set.add(pair.split("=")[0]);
    for (const exec of text.matchAll(/^Exec\w+=(.*)$/gm))
      for (const v of (exec[1] ?? "").matchAll(/\$\{(\w+)\}/g))
        assert.ok(set.has(v[1]), `${unit}: ${v[1]} is never set`);
  }
});

test(
  "systemd-analyze verify accepts every unit in deploy/",
  { skip: ANALYZE === undefined || SYSTEM_UNITS === undefined ? "no systemd-analyze here" : false },
  async () => {
    // An image root of its own: the units as installed in /etc/systemd/system, the system's own units
    // they refer to (multi-user.target, ...), and a program where ExecStart= expects the install,
    // since verify checks that it exists and is executable.
    const root = await tempDir("elscope-units-");
    try {
      const etc = join(root.path, "etc", "systemd", "system");
      await mkdir(etc, { recursive: true });
      await mkdir(join(root.path, "usr", "lib", "systemd"), { recursive: true });
      await run("cp", ["-a", SYSTEM_UNITS as string, join(root.path, "usr", "lib", "systemd", "system")]);
      const bin = join(root.path, "opt", "elscope", "node_modules", ".bin");
      await mkdir(bin, { recursive: true });
      await writeFile(join(bin, "elscope"), "#!/bin/sh\n", { mode: 0o755 });
      const names = await units();
      for (const unit of names) await copyFile(join(DEPLOY, unit), join(etc, unit));
      const instances = names.map((n) => n.replace("@.", "@1."));
      const r = await run(ANALYZE as string, ["verify", `--root=${root.path}`, ...instances], { cwd: etc });
      // Warnings (an unknown setting, a typo in a section name) leave the exit code 0 but print.
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, "");
    } finally {
      await root.remove();
    }
  },
);
