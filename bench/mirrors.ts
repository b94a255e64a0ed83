// Benchmark: probing 1,000 mirror endpoints on loopback (each its own 127.x.y.z host), some behind,
// slow, silent or dead, through the real CLI. Usage: npm run bench:mirrors -- [--mirrors N] [--timeout S] [--rounds N]
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArg } from "./bench-arg.js";
import { cliArgv } from "./cli-argv.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out", "mirrors");
const count = Number(benchArg("mirrors", "1000"));
const timeoutS = Number(benchArg("timeout", "3"));
const rounds = Number(benchArg("rounds", "3"));
const extra = process.argv.includes("--concurrency") ? ["--concurrency", benchArg("concurrency", "64")] : [];
const PATH = "/almalinux/9/BaseOS/x86_64/os/repodata/repomd.xml";
const T = 1_760_000_000;

/** A real repomd.xml from createrepo_c over an empty folder, with its times set to `time`. */
function repomd(name: string, time: number): Buffer {
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("createrepo_c", [
    "--quiet",
    "--no-database",
    "--revision",
    String(time),
    "--set-timestamp-to-revision",
    dir,
  ]);
  return readFileSync(join(dir, "repodata", "repomd.xml"));
}

type Kind = "fresh" | "behind" | "slow" | "silent" | "dead";
// Shares of a large real network: most in sync, some behind, a few slow, silent or gone.
const plan = (i: number): Kind => {
  const r = i % 100;
  return r < 80 ? "fresh" : r < 88 ? "behind" : r < 93 ? "slow" : r < 97 ? "silent" : "dead";
};

mkdirSync(OUT, { recursive: true });
const fresh = repomd("fresh", T);
const behind = repomd("behind", T - 3 * 3600);
const servers: http.Server[] = [];
const urls: string[] = [];
const host = (i: number): string => `127.1.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`;
for (let i = 0; i < count; i++) {
  const kind = plan(i);
  const server = http.createServer((req, res) => {
    if (req.url !== PATH) return void res.writeHead(404).end();
    if (kind === "silent") return; // never answers
    const body = kind === "behind" ? behind : fresh;
    const send = () => res.writeHead(200, { "content-length": body.length }).end(body);
    if (kind === "slow") setTimeout(send, (timeoutS * 1000) / 2);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, host(i), r));
  const port = (server.address() as AddressInfo).port;
  urls.push(`http://${host(i)}:${port}/almalinux/`);
  if (kind === "dead") await new Promise<void>((r) => server.close(() => r()));
  else servers.push(server);
}
const primary = urls[0] ?? "";
const list = join(OUT, "mirrors.txt");
writeFileSync(list, urls.join("\n") + "\n");
const catalog = join(OUT, "catalog");
mkdirSync(catalog, { recursive: true });
writeFileSync(
  join(catalog, "almalinux.yaml"),
  readFileSync(join(ROOT, "catalog", "almalinux.yaml"), "utf8").replace(
    "https://repo.almalinux.org/almalinux",
    primary.replace(/\/almalinux\/$/, "/almalinux"),
  ),
);

/** Runs the CLI asynchronously (this process serves the mirrors meanwhile) under GNU time. */
function timed(args: readonly string[]): Promise<{ seconds: number; rssMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "%e %M", ...cliArgv(args)], {
      env: { ...process.env, ELSCOPE_CATALOG: catalog },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`elscope ${args.join(" ")} failed: ${stderr.slice(-2000)}`));
      const [secs, kb] = (stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
      resolve({ seconds: secs ?? NaN, rssMb: (kb ?? NaN) / 1024, stdout });
    });
  });
}

const db = join(OUT, "mirrors.db");
const samples: { seconds: number; rssMb: number }[] = [];
for (let round = 1; round <= rounds; round++) {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  await timed(["--db", db, "import", "mirror-url-list", list, "--distro", "almalinux", "--json"]);
  const r = await timed([
    "--db",
    db,
    "mirrors",
    "probe",
    "--distro",
    "almalinux",
    "--release",
    "9",
    "--repo",
    "BaseOS",
    "--arch",
    "x86_64",
    "--timeout",
    String(timeoutS),
    "--interval",
    "0",
    "--json",
    ...extra,
  ]);
  const summary = (JSON.parse(r.stdout) as { runs: { summary: Record<string, number> }[] }).runs[0]?.summary ?? {};
  // The planted network is what must come out: a fast but wrong probe is worth nothing.
  const expected = { fresh: 0, behind: 0, slow: 0, silent: 0, dead: 0 };
  for (let i = 0; i < count; i++) expected[plan(i)]++;
  const want = {
    "in-sync": expected.fresh + expected.slow,
    behind: expected.behind,
    unreachable: expected.silent + expected.dead,
  };
  for (const [k, v] of Object.entries(want)) {
    if (summary[k] !== v)
      throw new Error(`round ${round}: ${k} ${summary[k]} instead of ${v}: ${JSON.stringify(summary)}`);
  }
  samples.push(r);
  process.stderr.write(`round ${round}/${rounds}: ${r.seconds}s ${Math.round(r.rssMb)} MB\n`);
}
for (const s of servers) s.closeAllConnections();
await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
const sorted = [...samples].sort((a, b) => a.seconds - b.seconds);
const med = sorted[Math.floor(sorted.length / 2)];
const line = `| ${count} | ${timeoutS} | ${med?.seconds.toFixed(2)} | ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} |`;
writeFileSync(join(OUT, "results.json"), JSON.stringify({ count, timeoutS, samples }, null, 2));
process.stdout.write(
  `Probe of ${count} loopback mirrors (80 % in sync, 8 % behind, 5 % slow at half the timeout, 4 % silent, 3 % dead), median of ${rounds}, on ${new Date().toISOString().slice(0, 10)}.\n\n` +
    "| mirrors | timeout (s) | probe wall time (s) | peak RSS (MB) |\n|---|---|---|---|\n" +
    line +
    "\n",
);
