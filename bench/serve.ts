// Benchmark: the API on the large store that `npm run bench:compare` builds (5 distributions x 3 releases x
// 30,000 packages, about 450,000 package rows), through a real `elscope serve` on 127.0.0.1.
// Usage: npm run bench:serve -- [--db PATH] [--rounds N]
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(ROOT, "bin", "elscope.js");
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
};
const db = arg("db", join(ROOT, "bench", "out", "compare", "store-30000.db"));
const rounds = Number(arg("rounds", "4"));
if (!existsSync(db)) {
  process.stderr.write(`no store at ${db}: run npm run bench:compare first (it builds it)\n`);
  process.exit(1);
}

const server = spawn(process.execPath, [CLI, "--db", db, "serve", "--port", "0"], {
  env: { ...process.env, ELSCOPE_CATALOG: "", ELSCOPE_TOKEN: "" },
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise<string>((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
    if (m !== null) resolve(m[1] ?? "");
  });
  server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
});

const endpoints: [string, string][] = [
  ["repositories", "/api/repos"],
  ["packages of one repository, by name", "/api/packages?repo=rhel:9.4/AppStream/x86_64&name=pkg1k-devel"],
  ["one package's lag, 4 rebuilds", "/api/lag?rebuild=almalinux,rocky,oracle,centos-stream&package=pkg1k"],
  ["lag of a release, 4 rebuilds", "/api/lag?rebuild=almalinux,rocky,oracle,centos-stream&release=9.4"],
  ["parity, 4 rebuilds", "/api/parity?rebuild=almalinux,rocky,oracle,centos-stream&release=9.4"],
  ["the whole report", "/api/report"],
  ["a badge", "/api/badge/almalinux/release-lag"],
];
// The first answer is computed; later ones come from the cache until the store changes.
const lines = ["| request | first (ms) | cached, median (ms) | bytes |", "|---|---|---|---|"];
for (const [label, path] of endpoints) {
  const times: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = await fetch(base + path);
    bytes = (await r.arrayBuffer()).byteLength;
    status = r.status;
    times.push(performance.now() - t);
  }
  const first = times[0] ?? NaN;
  const rest = times.slice(1).sort((a, b) => a - b);
  const cachedMs = rest.length === 0 ? "n/a" : String(Math.round(rest[Math.floor(rest.length / 2)] ?? NaN));
  lines.push(
    `| ${label}${status === 200 ? "" : ` (HTTP ${status})`} | ${Math.round(first)} | ${cachedMs} | ${bytes.toLocaleString("en-US")} |`,
  );
  process.stderr.write(`${label}: first ${Math.round(first)} ms, then ${cachedMs} ms\n`);
}
server.kill("SIGTERM");
process.stdout.write(
  `API on the comparison store (${db}), first request and median of ${rounds - 1} more, on ${new Date().toISOString().slice(0, 10)}:\n\n${lines.join("\n")}\n`,
);
