import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../bin/elscope.js", import.meta.url));

/**
 * The command line users run for `args`: this Node with the V8 flags of bin/elscope.js's first line
 * (`#!/usr/bin/env -S node …`, which an installed `elscope` and `./elscope` both apply), then the CLI.
 * Read from that line, so the benches measure what users run and never drift from it.
 *
 * @example
 * timed(cliArgv(["--db", db, "sync", "--url", dir])); // [node, "--max-semi-space-size=4", …, "bin/elscope.js", "--db", …]
 */
export function cliArgv(args: readonly string[] = []): string[] {
  const first = readFileSync(CLI, "utf8").split("\n", 1)[0] ?? "";
  const flags = /\bnode((?:\s+--\S+)*)\s*$/.exec(first)?.[1]?.trim().split(/\s+/) ?? [];
  return [process.execPath, ...flags, CLI, ...args];
}
