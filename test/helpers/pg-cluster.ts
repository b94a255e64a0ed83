// A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a free loopback
// port, fsync off, stopped and removed at the end. Real PostgreSQL from Debian's package
// (scripts/setup.sh installs it); no mocks. As root, the server runs as the `postgres` user,
// since PostgreSQL refuses to run as root.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.js";

/** The superuser of every throwaway cluster, and its password (the host connections need it). */
export const PG_USER = "elscope";
export const PG_PASSWORD = "elscope-test";

export interface PgCluster {
  /** The URL of the cluster's `postgres` database, as the superuser. */
  readonly url: string;
  stop(): void;
}

function binDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const v = versions[0];
  if (v === undefined) throw new Error("PostgreSQL is not installed: run scripts/setup.sh (Debian package postgresql)");
  return join(base, v, "bin");
}

/** How to start a cluster; the defaults suit the tests. */
export interface PgClusterOptions {
  /**
   * A folder to keep the cluster in, made on first use and reused (and kept) later: the
   * benchmarks build a multi-gigabyte store once and time it in later runs.
   */
  readonly dir?: string;
  /** Extra server settings (`-c name=value`), e.g. a larger shared_buffers for a benchmark. */
  readonly settings?: readonly string[];
}

/** Starts a cluster on a free 127.0.0.1 port: a new one in a temporary folder, or the one kept in `options.dir`. */
export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = binDir();
  const kept = opts.dir;
  const dir = kept ?? mkdtempSync(join(tmpdir(), "elscope-pg-"));
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: readonly string[]): void => {
    const [file, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"] });
  };
  const pwfile = join(dir, "pw");
  writeFileSync(pwfile, PG_PASSWORD + "\n");
  const data = join(dir, "data");
  const fresh = !existsSync(join(data, "PG_VERSION"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  if (fresh)
    run("initdb", [
      "-D",
      data,
      "-U",
      PG_USER,
      "--pwfile",
      pwfile,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--no-locale",
      "-E",
      "UTF8",
    ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
    ...(opts.settings ?? []).map((o) => `-c ${o}`),
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  return {
    url: `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      // A kept cluster is shut down cleanly (a checkpoint), so its next start needs no recovery.
      const stopArgs = ["-D", data, "-m", kept === undefined ? "immediate" : "fast", "-w", "-t", "120", "stop"];
      const [file, argv] = asRoot
        ? ["runuser", ["-u", "postgres", "--", join(bin, "pg_ctl"), ...stopArgs]]
        : [join(bin, "pg_ctl"), stopArgs];
      spawnSync(file, argv, { stdio: "ignore" });
      if (kept === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let own: Promise<PgCluster> | undefined;

/**
 * The server the tests use: `ELSCOPE_TEST_PG` (a URL of a database whose user may create
 * databases) when set, as the test command sets it; otherwise a cluster this process starts
 * once and stops when it exits.
 */
export async function testServerUrl(): Promise<string> {
  const given = process.env["ELSCOPE_TEST_PG"];
  if (given !== undefined && given !== "") return given;
  own ??= startPgCluster().then((c) => {
    process.once("exit", () => c.stop());
    return c;
  });
  return (await own).url;
}

/** A new, empty database on the test server, and its URL: one per test, so tests never share rows. */
export async function freshPgDatabase(prefix = "t"): Promise<string> {
  const server = await testServerUrl();
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}
