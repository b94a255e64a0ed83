// The comparison store of bench:compare and bench:serve: 5 distributions x 3 releases x N generated
// packages, built by syncing generated repositories through the real CLI into one or more stores
// (a SQLite file, a PostgreSQL URL), so every store holds the same package rows.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type GeneratedAdvisories, generateErrataJson, generateRepo, type Variant } from "./generate-repo.js";
import { cliArgv } from "./cli-argv.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const COMPARE_OUT = join(ROOT, "bench", "out", "compare");

// The reference and four distributions that differ from it the way real rebuilds do: most builds
// identical, some marked as modified, a few missing, some of their own, each with its own delays.
const HOUR = 3600;
export const VARIANTS: Record<string, Variant> = {
  rhel: {},
  "centos-stream": { shift: (n) => -((n % 30) + 1) * 24 * HOUR },
  almalinux: {
    release: (n, r) => (n % 97 === 0 ? null : n % 50 === 0 ? `${r}.alma.1` : r),
    shift: (n) => ((n % 7) * 24 + (n % 13)) * HOUR,
    extra: 40,
  },
  rocky: {
    release: (n, r) => (n % 61 === 0 ? null : n % 45 === 0 ? `${r}.rocky.0.1` : r),
    shift: (n) => ((n % 11) * 24 + (n % 5)) * HOUR,
    extra: 25,
  },
  oracle: {
    release: (n, r) => (n % 71 === 0 ? null : n % 40 === 0 ? r.replace(/\.el9/, ".0.1.el9") : r),
    shift: (n) => ((n % 5) * 24 + 3) * HOUR,
    extra: 60,
  },
};
export const RELEASES = ["9.4", "9.5", "9"];

// Advisories per release repository (RHEL 9 published about 2,000 a year across its repositories):
// RHEL's, and each rebuild's naming the RHSA/RHBA/RHEA it rebuilds, a few days later. CentOS Stream
// publishes none.
const DAY = 24 * HOUR;
const ADVISORIES: Record<string, Omit<GeneratedAdvisories, "count" | "idBase"> | undefined> = {
  rhel: { prefix: "RH" },
  almalinux: { prefix: "AL", upstreamPrefix: "RH", shift: (j) => (j % 5) * DAY + (j % 11) * HOUR },
  rocky: { prefix: "RL", upstreamPrefix: "RH", shift: (j) => (j % 9) * DAY + 2 * HOUR },
  oracle: { prefix: "EL", upstreamPrefix: "RH", shift: (j) => (j % 3) * DAY + 5 * HOUR },
};
const ADVISORIES_PER_RELEASE = 2000;

/** Release k's bump and advisories: its repositories and AlmaLinux's errata.json must agree. */
const bumpOf = (k: number): number => (k === 0 ? 0 : 7 + k);
const releaseAdvisories = (own: Omit<GeneratedAdvisories, "count" | "idBase">, k: number): GeneratedAdvisories => ({
  ...own,
  count: ADVISORIES_PER_RELEASE,
  idBase: 10_000 * (k + 1),
});

/** Runs the CLI and fails loudly: a benchmark on a half-built store would measure nothing. */
export function runCli(args: readonly string[]): string {
  const r = spawnSync(process.execPath, cliArgv(args).slice(1), { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`elscope ${args.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/**
 * Generates each repository once and syncs it into every store in `dbs` (paths or URLs), so
 * the stores differ only in their engine. Each generated repository is removed once stored.
 */
export function buildComparisonStore(dbs: readonly string[], packages: number): void {
  const started = Date.now();
  for (const [distro, variant] of Object.entries(VARIANTS)) {
    for (const [k, release] of RELEASES.entries()) {
      const dir = join(COMPARE_OUT, `${distro}-${release}`);
      rmSync(dir, { recursive: true, force: true });
      const own = ADVISORIES[distro];
      generateRepo(dir, {
        packages,
        compression: "gz",
        seed: 7,
        bump: bumpOf(k),
        variant,
        level: 1,
        ...(own === undefined ? {} : { advisories: releaseAdvisories(own, k) }),
      });
      for (const db of dbs)
        runCli([
          "--db",
          db,
          "sync",
          "--url",
          dir,
          "--as",
          `${distro}:${release}/AppStream/x86_64`,
          "--new-repo",
          "--json",
        ]);
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`stored ${distro}:${release}\n`);
    }
  }
  // AlmaLinux's errata.json too: the one source here with the rebuild's own publication time, so
  // errata lag is measured, not only matched.
  const alma = ADVISORIES["almalinux"];
  if (alma !== undefined) {
    const errata = RELEASES.flatMap((_, k) =>
      generateErrataJson(packages, bumpOf(k), VARIANTS["almalinux"] ?? {}, releaseAdvisories(alma, k)),
    );
    const file = join(COMPARE_OUT, "errata.json");
    writeFileSync(file, JSON.stringify(errata));
    for (const db of dbs) runCli(["--db", db, "import", "almalinux-errata", file, "--distro", "almalinux"]);
    rmSync(file, { force: true });
    process.stderr.write(`imported ${errata.length} almalinux errata\n`);
  }
  process.stderr.write(`store built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}
