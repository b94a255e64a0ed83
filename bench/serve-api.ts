// Starting a real `elscope serve` on 127.0.0.1 for a benchmark, timing one request, and making the
// server compute its answers again: shared by bench:serve and bench:pg-large.
import { type ChildProcess, spawn } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { cliArgv } from "./cli-argv.js";

export interface Served {
  readonly base: string;
  readonly process: ChildProcess;
}

/** Starts `elscope --db <db> serve` on a free port and waits for its address. */
export function serve(db: string): Promise<Served> {
  const server = spawn(process.execPath, cliArgv(["--db", db, "serve", "--port", "0"]).slice(1), {
    env: { ...process.env, ELSCOPE_CATALOG: "", ELSCOPE_TOKEN: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m !== null) resolve({ base: m[1] ?? "", process: server });
    });
    server.on("exit", (code) => reject(new Error(`serve --db ${db} exited with ${code}`)));
  });
}

export interface Timing {
  readonly ms: number;
  readonly status: number;
  readonly bytes: number;
  /** The server's x-elscope-answer: computed, stored, or stored while a refresh runs. */
  readonly origin: string;
}

/** One GET, body read to the end: the time a dashboard waits for it (given up after `timeoutMs`). */
export async function timeGet(
  url: string,
  timeoutMs = 30 * 60_000,
  headers: Readonly<Record<string, string>> = {},
): Promise<Timing> {
  const t = performance.now();
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers });
  const bytes = (await r.arrayBuffer()).byteLength;
  return { ms: performance.now() - t, status: r.status, bytes, origin: r.headers.get("x-elscope-answer") ?? "" };
}

/**
 * Makes the server compute its next answers instead of sending kept ones: the answer cache is
 * keyed by the store's fingerprint, which includes the newest snapshot's check time, so moving
 * that time on is what a real `elscope sync` that found nothing new does.
 */
export async function forgetAnswers(db: string): Promise<void> {
  const now = new Date().toISOString();
  if (/^postgres(ql)?:\/\//.test(db)) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      await client.query("update snapshots set checked_at = $1 where id = (select max(id) from snapshots)", [now]);
    } finally {
      await client.end();
    }
  } else {
    const sqlite = new Database(db, { timeout: 10_000 });
    try {
      sqlite.prepare("update snapshots set checked_at = ? where id = (select max(id) from snapshots)").run(now);
    } finally {
      sqlite.close();
    }
  }
}

/** The value at quantile q of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}
