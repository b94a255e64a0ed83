#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=2048
// Entry point: the compiled CLI lives in dist/ (npm run build).
const { removeWorkDirsNow } = await import("../dist/src/fetch/work-dir.js");
// Ctrl-C and SIGTERM (kill, systemd, a container stopping) end a sync the same way: the open
// transaction is never committed, so the store rolls it back and keeps its last good data, and
// the temporary downloads go (process.exit runs no finally block, so they are removed here).
// Exit codes are 128 + the signal's number, as shells report them.
const stop = (signal, code) => () => {
  // A command that stops gracefully on SIGTERM (worker, serve, schedule) has its own listener.
  if (signal === "SIGTERM" && process.listenerCount("SIGTERM") > 1) return;
  removeWorkDirsNow();
  process.stderr.write(
    `\nelscope: ${signal === "SIGINT" ? "interrupted" : "terminated"}; repositories not finished were left as they were\n`,
  );
  process.exit(code);
};
process.on("SIGINT", stop("SIGINT", 130));
process.on("SIGTERM", stop("SIGTERM", 143));
// A reader that stops early (| head) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import("../dist/src/cli/main.js");
process.exitCode = await main(process.argv);
