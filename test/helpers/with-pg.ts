// Runs a command with a throwaway PostgreSQL cluster named by ELSCOPE_TEST_PG, then stops it:
// `node dist/test/helpers/with-pg.js node --test dist/test/`. A given ELSCOPE_TEST_PG is used as is.
import { spawn } from "node:child_process";
import { startPgCluster } from "./pg-cluster.js";

const [cmd, ...args] = process.argv.slice(2);
if (cmd === undefined) {
  process.stderr.write("usage: with-pg <command> [args...]\n");
  process.exit(2);
}
const given = process.env["ELSCOPE_TEST_PG"];
const cluster = given !== undefined && given !== "" ? null : await startPgCluster();
const env = cluster === null ? process.env : { ...process.env, ELSCOPE_TEST_PG: cluster.url };
const child = spawn(cmd, args, { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("close", (code, signal) => {
  cluster?.stop();
  process.exit(code ?? (signal === null ? 1 : 128));
});
