import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateRepo } from "./generate-repo.js";

/** A generated benchmark repository and the sizes of its primary metadata. */
export interface BenchRepo {
  readonly dir: string;
  /** The compressed primary file. */
  readonly file: string;
  readonly xmlMb: number;
  readonly fileMb: number;
}

/**
 * The repository of `packages` generated packages under `out` (repo-N-gz and so on),
 * generated the first time it is asked for and reused after (its bench.json marks it complete).
 *
 * @example
 * const repo = benchRepo("bench/out", 60000, "xz"); // repo.file ends in primary.xml.xz
 */
export function benchRepo(out: string, packages: number, c: "gz" | "xz" | "zst"): BenchRepo {
  const dir = join(out, `repo-${packages}-${c}`);
  const meta = join(dir, "bench.json");
  if (!existsSync(meta)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${packages} packages (${c}) ...\n`);
    const r = generateRepo(dir, { packages, compression: c });
    writeFileSync(meta, JSON.stringify({ xmlMb: r.xmlBytes / 1e6, fileMb: r.fileBytes / 1e6 }));
  }
  const m = JSON.parse(readFileSync(meta, "utf8")) as { xmlMb: number; fileMb: number };
  const file = join(dir, "repodata", readdirSync(join(dir, "repodata")).find((n) => n.includes("primary")) ?? "");
  return { dir, file, ...m };
}
