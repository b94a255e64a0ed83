import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** One row as dnf sees it; the oracle for what a repository contains. */
export interface DnfRow {
  readonly name: string;
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
  readonly arch: string;
  readonly sourcerpm: string | null;
  readonly summary: string;
  readonly license: string;
  readonly url: string;
  readonly downloadsize: number;
  readonly buildtime: string;
}

const SEP = "\u001f";
const FIELDS = [
  "name",
  "epoch",
  "version",
  "release",
  "arch",
  "sourcerpm",
  "summary",
  "license",
  "url",
  "downloadsize",
  "buildtime",
];

/** Asks the real dnf (Debian package dnf) what the repository at `url` lists, every version and architecture. */
export async function dnfRepoquery(url: string): Promise<DnfRow[]> {
  const cache = await mkdtemp(join(tmpdir(), "elscope-dnf-"));
  try {
    const { stdout } = await run(
      "dnf",
      [
        "repoquery",
        "-q",
        `--repofrompath=oracle,${url}`,
        "--repo=oracle",
        `--setopt=cachedir=${cache}`,
        "--setopt=reposdir=/nonexistent",
        "--setopt=oracle.gpgcheck=0",
        "--releasever=9",
        "--showduplicates",
        "--qf",
        FIELDS.map((f) => `%{${f}}`).join(SEP),
      ],
      { env: { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8" }, maxBuffer: 64 << 20 },
    );
    return stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((line) => {
        const v = line.split(SEP);
        const get = (i: number): string => v[i] ?? "";
        return {
          name: get(0),
          epoch: Number(get(1)),
          version: get(2),
          release: get(3),
          arch: get(4),
          sourcerpm: get(5) === "(none)" || get(5) === "" ? null : get(5),
          summary: get(6),
          license: get(7),
          url: get(8),
          downloadsize: Number(get(9)),
          buildtime: get(10),
        };
      })
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}
