import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateRepo } from "../bench/generate-repo.js";
import { CLI, runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir();
  generateRepo(join(dir.path, "repo"), { packages: 20000, compression: "gz", level: 1 });
});
after(() => dir.remove());

test("on a terminal, sync shows repository, phase, bytes and packages as it goes", () => {
  // util-linux's script(1) gives the CLI a real pseudo-terminal.
  const out = execFileSync(
    "script",
    [
      "-qec",
      `${process.execPath} ${CLI} --db ${join(dir.path, "tty.db")} sync --url ${join(dir.path, "repo")} --as p:9/AppStream/x86_64 --new-repo`,
      "/dev/null",
    ],
    // The line is cut to the terminal's width (80 columns here), so the last word may be too.
    { encoding: "utf8" },
  );
  const ERASE = "\u001b[K";
  const lines = out.split("\r").map((l) => l.split(ERASE).join(""));
  assert.ok(
    lines.some((l) => /^\[1\/1\] p:9\/AppStream\/x86_64 {2}store {2}\d+\.\d MB {2}[\d,]+ package/.test(l)),
    out.slice(0, 500),
  );
  assert.match(out, /p:9\/AppStream\/x86_64\s+updated\s+20,000/);
});

test("without a terminal, only the summary is printed", async () => {
  const r = await runCli([
    "--db",
    join(dir.path, "pipe.db"),
    "sync",
    "--url",
    join(dir.path, "repo"),
    "--as",
    "p:9/AppStream/x86_64",
    "--new-repo",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!(r.stdout + r.stderr).includes("\u001b[K"), "no terminal control sequences");
  assert.equal(r.stderr, "");
});
