import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildRpms, createrepo } from "../helpers/build-repo.js";
import { CLI } from "../helpers/run-cli.js";
import { startStaticServer, type StaticServer } from "../helpers/static-server.js";
import { replaceMetadata } from "../helpers/tamper-repo.js";
import { tempDir } from "../helpers/temp-dir.js";
import { escapeMessage, isCleanLine } from "./classify-error.js";
import type { InputResult } from "./fuzz-worker-host.js";

/** The name `--kinds` knows this target by. */
export const SYNC_KIND = "sync-rpm-md-primary";

/** What one synced input did, and whether a failed sync changed the stored package list. */
export interface SyncResult extends InputResult {
  readonly partialWrite: boolean;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** The real CLI, killed when it has not finished after `ms` (the hang deadline). */
function elscope(args: readonly string[], ms: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ELSCOPE_CATALOG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), ms);
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * A real repository (two rpmbuild'ed RPMs, createrepo_c's repodata) on a real HTTP server on
 * 127.0.0.1, synced into a real SQLite store with the real `elscope sync`. Each input replaces
 * primary.xml.gz and rewrites repomd.xml's checksum and size to match, so the input gets past
 * the checksum check to the decompressor and the parser; a failed sync must leave the stored
 * package list byte-identical.
 *
 * @example
 * const t = await SyncTarget.start(30_000);
 * (await t.run(bytes)).partialWrite; // false, or the store was changed by a failed sync
 * await t.close();
 */
export class SyncTarget {
  private constructor(
    private readonly dir: { path: string; remove: () => Promise<void> },
    private readonly server: StaticServer,
    private readonly deadlineMs: number,
    private before: string,
  ) {}

  private static readonly KEY = "fuzz:9/BaseOS/x86_64";

  private get db(): string {
    return join(this.dir.path, "store.db");
  }

  static async start(deadlineMs: number): Promise<SyncTarget> {
    const dir = await tempDir("elscope-fuzz-sync-");
    const repo = join(dir.path, "www", "repo");
    await mkdir(repo, { recursive: true });
    await buildRpms(
      [
        { name: "bash", version: "5.1.8", release: "9.el9", arch: "x86_64" },
        { name: "tzdata", version: "2024a", release: "1.el9", arch: "noarch", epoch: 1 },
      ],
      join(repo, "Packages"),
    );
    await createrepo(repo, { compress: "gz" });
    const server = await startStaticServer(join(dir.path, "www"));
    const t = new SyncTarget(dir, server, deadlineMs, "");
    const first = await t.sync();
    if (first.code !== 0) throw new Error(`the first sync of the fuzz repository failed: ${first.stderr}`);
    t.before = await t.packages();
    return t;
  }

  private sync(): Promise<Exit> {
    const url = `${this.server.url}/repo/`;
    return elscope(["--db", this.db, "sync", "--url", url, "--as", SyncTarget.KEY, "--new-repo"], this.deadlineMs);
  }

  private async packages(): Promise<string> {
    const r = await elscope(["--db", this.db, "packages", SyncTarget.KEY, "--json"], this.deadlineMs);
    if (r.code !== 0) throw new Error(`elscope packages failed after a fuzzed sync: ${r.stderr}`);
    return r.stdout;
  }

  /** Serves `primaryXml` (gzipped, as createrepo_c writes it) and syncs it. */
  async run(primaryXml: Uint8Array): Promise<SyncResult> {
    await replaceMetadata(join(this.dir.path, "www", "repo"), "primary", gzipSync(primaryXml, { level: 1 }));
    const r = await this.sync();
    const after = await this.packages();
    const changed = after !== this.before;
    this.before = after;
    const stderr = r.stderr.trim();
    if (r.timedOut)
      return { outcome: "hang", records: 0, message: `no exit within ${this.deadlineMs} ms`, partialWrite: false };
    if (r.code === 0) return { outcome: "accepted", records: 0, message: "", partialWrite: false };
    const partialWrite = changed;
    // Exit codes 2-6 are elscope's own errors (src/errors/exit-codes.ts); 1 is an internal error.
    const own = r.code !== null && r.code >= 2 && r.code <= 6;
    if (own && isCleanLine(stderr)) return { outcome: "refused", records: 0, message: stderr, partialWrite };
    const what = r.signal !== null ? `killed by ${r.signal}` : `exit ${r.code}`;
    return { outcome: "crash", records: 0, message: `${what}: ${escapeMessage(stderr)}`, partialWrite };
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.dir.remove();
  }
}
