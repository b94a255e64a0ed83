import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A package to build with rpmbuild. */
export interface RpmSpec {
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly epoch?: number;
  /** noarch, x86_64, i686, ... */
  readonly arch: string;
  readonly summary?: string;
  /** Sets the RPM file's mtime, which createrepo_c records as <time file>. */
  readonly fileTime?: Date;
  /** Also put the source RPM in the repository. */
  readonly withSource?: boolean;
  /** rpmbuild macros: { _buildhost: "build01.almalinux.org", packager: "...", vendor: "..." }. */
  readonly defines?: Readonly<Record<string, string>>;
}

/** Builds real RPMs with rpmbuild into `outDir`; returns the file names. */
export async function buildRpms(specs: readonly RpmSpec[], outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const top = await mkdtemp(join(tmpdir(), "elscope-rpmbuild-"));
  const files: string[] = [];
  for (const s of specs) {
    const specPath = join(top, `${s.name}-${s.version}-${s.release}-${s.arch}.spec`);
    const buildArch = s.arch === "noarch" ? "BuildArch: noarch\n" : "";
    await writeFile(
      specPath,
      `Name: ${s.name}
Version: ${s.version}
Release: ${s.release}
${s.epoch !== undefined ? `Epoch: ${s.epoch}\n` : ""}Summary: ${s.summary ?? `Test package ${s.name}`}
License: MIT
URL: https://example.invalid/${s.name}
${buildArch}%description
Test package built by elscope's test suite.
%install
mkdir -p %{buildroot}/usr/share/${s.name}
echo ${s.version} > %{buildroot}/usr/share/${s.name}/VERSION
%files
/usr/share/${s.name}/VERSION
`,
    );
    const target = s.arch === "noarch" ? "x86_64" : s.arch;
    await run("rpmbuild", [
      s.withSource ? "-ba" : "-bb",
      "--quiet",
      "--define",
      `_topdir ${top}`,
      ...Object.entries(s.defines ?? {}).flatMap(([k, v]) => ["--define", `${k} ${v}`]),
      "--target",
      target,
      specPath,
    ]);
    const evr = `${s.version}-${s.release}`;
    const rpm = `${s.name}-${evr}.${s.arch}.rpm`;
    await copyFile(join(top, "RPMS", s.arch, rpm), join(outDir, rpm));
    files.push(rpm);
    if (s.withSource) {
      const srpm = `${s.name}-${evr}.src.rpm`;
      await copyFile(join(top, "SRPMS", srpm), join(outDir, srpm));
      files.push(srpm);
    }
    if (s.fileTime !== undefined) {
      for (const f of files.slice(-1 - (s.withSource ? 1 : 0))) await utimes(join(outDir, f), s.fileTime, s.fileTime);
    }
  }
  return files;
}

export interface CreaterepoOptions {
  /** createrepo_c --compress-type: gz, xz, zstd, bz2 */
  readonly compress?: string;
  /** Store files uncompressed-primary etc. is not supported by createrepo_c; use compress "gz" and decompress by hand. */
  readonly extraArgs?: readonly string[];
}

/** Runs the real createrepo_c over `dir`. */
export async function createrepo(dir: string, options: CreaterepoOptions = {}): Promise<void> {
  const args = ["--quiet", "--no-database"];
  if (options.compress !== undefined) args.push("--general-compress-type", options.compress);
  args.push(...(options.extraArgs ?? []), dir);
  await run("createrepo_c", args);
}

/** Lists repodata/ files, for tests that tamper with one. */
export async function repodataFiles(dir: string): Promise<string[]> {
  return (await readdir(join(dir, "repodata"))).sort();
}
