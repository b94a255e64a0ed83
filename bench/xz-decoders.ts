// Micro-benchmark: the two .xz decoders elscope can use (src/sources/xz-decoder.ts), on the same
// generated primary.xml.xz, in interleaved rounds: (a) the system's `xz -dc` as a child process,
// (b) liblzma in-process through lzma-native. Each is consumed through decompressFile, chunk by
// chunk, as the sync consumes it, in a fresh process per run (so peak RSS is that run's). Then the
// whole sync through the CLI with each, since a decoder that overlaps parsing matters more than
// raw decode speed. Usage: npm run bench:xz -- [--packages N] [--rounds N]
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decompressFile } from "../src/sources/decompress.js";
import type { XzDecoder } from "../src/sources/xz-decoder.js";
import { benchArg } from "./bench-arg.js";
import { benchRepo } from "./bench-repo.js";
import { median } from "./median.js";
import { type Sample, timed } from "./timed.js";
import { cliArgv } from "./cli-argv.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "bench", "out");
const SELF = fileURLToPath(import.meta.url);
const DECODERS: readonly XzDecoder[] = ["xz", "native"];

/** What one decode-only run reports from inside its process. */
interface DecodeRun {
  readonly bytes: number;
  /** From the first byte asked for to the last received, without Node's start-up. */
  readonly seconds: number;
  readonly rssMb: number;
}

async function decodeOnce(file: string): Promise<void> {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of decompressFile(file, { sourceId: "bench", file })) bytes += chunk.length;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const run: DecodeRun = { bytes, seconds, rssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(run));
}

function main(): void {
  const packages = Number(benchArg("packages", "60000"));
  const rounds = Number(benchArg("rounds", "3"));
  const repo = benchRepo(OUT, packages, "xz");
  const decode: Record<string, { sample: Sample; run: DecodeRun }[]> = { xz: [], native: [] };
  const sync: Record<string, Sample[]> = { xz: [], native: [] };
  const db = join(OUT, "xz-decoders.db");
  for (let round = 1; round <= rounds; round++) {
    // Alternate which decoder goes first, so neither always meets a warm or a cold page cache.
    const order = round % 2 === 1 ? DECODERS : [...DECODERS].reverse();
    for (const d of order) {
      const env = { ELSCOPE_XZ_DECODER: d };
      const sample = timed([process.execPath, SELF, "--decode", repo.file], env);
      const run = JSON.parse(sample.stdout) as DecodeRun;
      if (run.bytes !== Math.round(repo.xmlMb * 1e6)) throw new Error(`${d} gave ${run.bytes} bytes`);
      decode[d]?.push({ sample, run });
      for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
      const args = ["--db", db, "sync", "--url", repo.dir, "--as", "bench:9/AppStream/x86_64", "--new-repo", "--json"];
      const s = timed(cliArgv(args), env);
      sync[d]?.push(s);
      process.stderr.write(`round ${round}/${rounds} ${d}: decode ${run.seconds.toFixed(2)}s, sync ${s.seconds}s\n`);
    }
  }
  const m = (d: string, f: (x: { sample: Sample; run: DecodeRun }) => number) => median((decode[d] ?? []).map(f));
  const ms = (d: string, f: (x: Sample) => number) => median((sync[d] ?? []).map(f));
  const peak = (xs: readonly number[]) => Math.max(...xs);
  const figures = DECODERS.map((d) => ({
    decoder: d,
    decodeSeconds: m(d, (x) => x.run.seconds),
    decodeCpuSeconds: m(d, (x) => x.sample.cpuSeconds),
    decodeNodeRssMb: peak((decode[d] ?? []).map((x) => x.run.rssMb)),
    syncSeconds: ms(d, (x) => x.seconds),
    syncCpuSeconds: ms(d, (x) => x.cpuSeconds),
    syncRssMb: peak((sync[d] ?? []).map((x) => x.maxRssMb)),
  }));
  const [a, b] = figures as [(typeof figures)[number], (typeof figures)[number]];
  const lines = [
    `${packages.toLocaleString("en-US")} packages, ${repo.xmlMb.toFixed(0)} MB of XML in ${repo.fileMb.toFixed(0)} MB of xz; medians of ${rounds} interleaved rounds, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| decoder | decode wall (s) | decode CPU, all processes (s) | decode peak RSS of node (MB) | sync wall (s) | sync CPU (s) | sync peak RSS (MB) |",
    "|---|---|---|---|---|---|---|",
    ...figures.map(
      (f) =>
        `| ${f.decoder} | ${f.decodeSeconds.toFixed(2)} | ${f.decodeCpuSeconds.toFixed(2)} | ${f.decodeNodeRssMb.toFixed(0)} | ${f.syncSeconds.toFixed(2)} | ${f.syncCpuSeconds.toFixed(2)} | ${f.syncRssMb.toFixed(0)} |`,
    ),
    "",
    `native / xz: decode wall ${(b.decodeSeconds / a.decodeSeconds).toFixed(2)}, decode CPU ${(b.decodeCpuSeconds / a.decodeCpuSeconds).toFixed(2)}, sync wall ${(b.syncSeconds / a.syncSeconds).toFixed(2)}, sync CPU ${(b.syncCpuSeconds / a.syncCpuSeconds).toFixed(2)}`,
  ];
  writeFileSync(join(OUT, "xz-decoders.json"), JSON.stringify({ packages, rounds, figures }, null, 2));
  process.stdout.write(lines.join("\n") + "\n");
}

const at = process.argv.indexOf("--decode");
if (at !== -1) await decodeOnce(process.argv[at + 1] ?? "");
else main();
