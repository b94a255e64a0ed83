#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=2048
// Entry point: the compiled CLI lives in dist/ (npm run build).
process.on("SIGINT", () => {
  // The open transaction is never committed, so SQLite rolls it back: the store keeps its last good data.
  process.stderr.write("\nelscope: interrupted; repositories not finished were left as they were\n");
  process.exit(130);
});
// A reader that stops early (| head) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import("../dist/src/cli/main.js");
process.exitCode = await main(process.argv);
