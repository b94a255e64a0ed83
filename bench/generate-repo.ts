import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Options for a generated repository of realistic size. */
export interface GenerateOptions {
  readonly packages: number;
  readonly compression: "gz" | "xz" | "zst";
  /** A seed, so the same options give the same bytes. */
  readonly seed?: number;
  /** gzip level; 6 is createrepo_c's default. */
  readonly level?: number;
  /** Changes every Nth release, to make a second, different snapshot. */
  readonly bump?: number;
  readonly variant?: Variant;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ARCHES = ["x86_64", "x86_64", "x86_64", "noarch", "noarch", "i686"];

/** How one distribution's copy of the generated packages differs from the reference's. */
export interface Variant {
  /** The release for package i, or null when this distribution does not ship it. */
  readonly release?: (i: number, release: string) => string | null;
  /** Seconds added to package i's file and build times. */
  readonly shift?: (i: number) => number;
  /** Extra packages only this distribution has. */
  readonly extra?: number;
}

/**
 * Writes primary.xml text shaped like createrepo_c's for a distribution
 * repository: about 5 KB per package (provides, requires, files), which makes
 * 60,000 packages about 300 MB, the size of a large AppStream.
 */
export function generatePrimaryXml(n: number, seed = 1, bump = 0, variant: Variant = {}): Buffer {
  const rand = rng(seed);
  const parts: string[] = [];
  let count = 0;
  const total = n + (variant.extra ?? 0);
  for (let i = 0; i < total; i++) {
    const name =
      i < n ? `pkg${i.toString(36)}-${["lib", "devel", "tools", "common", "data"][i % 5]}` : `extra${i.toString(36)}`;
    const arch = ARCHES[i % ARCHES.length] as string;
    const ver = `${1 + (i % 7)}.${i % 13}.${i % 29}`;
    const baseRel = `${1 + (i % 40)}${bump > 0 && i % bump === 0 ? ".1" : ""}.el9_${i % 5}`;
    const maybeRel = variant.release === undefined || i >= n ? baseRel : variant.release(i, baseRel);
    // Every package draws the same random numbers whether shipped or not, so variants stay aligned.
    const rel = maybeRel ?? baseRel;
    const epoch = i % 17 === 0 ? 1 : 0;
    const sum = createHash("sha256").update(`${name}-${ver}-${rel}-${seed}`).digest("hex");
    const t = 1_650_000_000 + Math.floor(rand() * 100_000_000) + (variant.shift?.(i) ?? 0);
    // Provides are mostly a package's own (its name, its arch-qualified name, its sonames); requires
    // mostly point at a shared pool of common libraries and packages, as in a real distribution.
    const provides: string[] = [
      `      <rpm:entry name="${name}" flags="EQ" epoch="${epoch}" ver="${ver}" rel="${rel}"/>\n`,
      `      <rpm:entry name="${name}(x86-64)" flags="EQ" epoch="${epoch}" ver="${ver}" rel="${rel}"/>\n`,
    ];
    const nprov = Math.floor(rand() * 7);
    for (let p = 0; p < nprov; p++) provides.push(`      <rpm:entry name="lib${name}.so.${p}()(64bit)"/>\n`);
    const requires: string[] = [];
    const nreq = 8 + Math.floor(rand() * 32);
    for (let r = 0; r < nreq; r++) {
      const k = Math.floor(rand() * rand() * 3000);
      requires.push(
        k % 4 === 0
          ? `      <rpm:entry name="libc.so.6(GLIBC_2.${k % 40})(64bit)"/>\n`
          : k % 4 === 1
            ? `      <rpm:entry name="libcommon${k}.so.${k % 3}()(64bit)"/>\n`
            : `      <rpm:entry name="pkg${k.toString(36)}-lib" flags="GE" epoch="0" ver="1.${k % 9}" rel="1.el9"/>\n`,
      );
    }
    const files: string[] = [];
    const nfiles = Math.floor(rand() * 72);
    for (let f = 0; f < nfiles; f++)
      files.push(`    <file>/usr/${f % 3 === 0 ? "sbin" : "bin"}/${name}-tool${f}</file>\n`);
    if (maybeRel === null) continue;
    count++;
    parts.push(`<package type="rpm">
  <name>${name}</name>
  <arch>${arch}</arch>
  <version epoch="${epoch}" ver="${ver}" rel="${rel}"/>
  <checksum type="sha256" pkgid="YES">${sum}</checksum>
  <summary>Generated package ${i} for benchmarks &amp; tests</summary>
  <description>A generated package that stands in for a real one of the same size. It exists so that elscope can be measured on a repository as large as a real distribution's, with &lt;entities&gt; and long text like a real description has, repeated across sixty thousand entries.</description>
  <packager>Benchmark Packaging Team &lt;packager@example.invalid&gt;</packager>
  <url>https://example.invalid/${name}</url>
  <time file="${t}" build="${t - 3600}"/>
  <size package="${10_000 + (i % 900_000)}" installed="${40_000 + (i % 3_000_000)}" archive="${41_000 + (i % 3_000_000)}"/>
  <location href="Packages/${name[3]}/${name}-${ver}-${rel}.${arch}.rpm"/>
  <format>
    <rpm:license>GPL-2.0-or-later AND LGPL-2.1-or-later</rpm:license>
    <rpm:vendor>Benchmark</rpm:vendor>
    <rpm:group>Unspecified</rpm:group>
    <rpm:buildhost>x64-builder0${i % 9}.example.invalid</rpm:buildhost>
    <rpm:sourcerpm>${name.replace(/-[a-z]+$/, "")}-${ver}-${rel}.src.rpm</rpm:sourcerpm>
    <rpm:header-range start="4504" end="${20_000 + (i % 50_000)}"/>
    <rpm:provides>
${provides.join("")}    </rpm:provides>
    <rpm:requires>
${requires.join("")}    </rpm:requires>
${files.join("")}  </format>
</package>
`);
  }
  parts.push("</metadata>\n");
  parts.unshift(
    `<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${count}">\n`,
  );
  return Buffer.from(parts.join(""));
}

/**
 * Writes a repository (repodata/repomd.xml and a compressed primary) to `dir`
 * and returns the uncompressed and compressed primary sizes.
 *
 * @example
 * generateRepo("/tmp/big", { packages: 60000, compression: "gz" });
 */
export function generateRepo(
  dir: string,
  opts: GenerateOptions,
): { xmlBytes: number; fileBytes: number; file: string } {
  const xml = generatePrimaryXml(opts.packages, opts.seed ?? 1, opts.bump ?? 0, opts.variant);
  let data: Buffer;
  if (opts.compression === "gz") data = gzipSync(xml, { level: opts.level ?? 6 });
  else if (opts.compression === "xz")
    data = execFileSync("xz", ["-c", "-T2", "-6"], { input: xml, maxBuffer: 1 << 30 });
  else data = execFileSync("zstd", ["-q", "-c", "-T2", "-10"], { input: xml, maxBuffer: 1 << 30 });
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
  const sum = sha(data);
  const file = `repodata/${sum}-primary.xml.${opts.compression}`;
  mkdirSync(join(dir, "repodata"), { recursive: true });
  writeFileSync(join(dir, file), data);
  const now = Math.floor(Date.now() / 1000);
  writeFileSync(
    join(dir, "repodata", "repomd.xml"),
    `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
  <revision>${now}</revision>
  <data type="primary">
    <checksum type="sha256">${sum}</checksum>
    <open-checksum type="sha256">${sha(xml)}</open-checksum>
    <location href="${file}"/>
    <timestamp>${now}</timestamp>
    <size>${data.length}</size>
    <open-size>${xml.length}</open-size>
  </data>
</repomd>
`,
  );
  return { xmlBytes: xml.length, fileBytes: data.length, file: join(dir, file) };
}

/** Reads a generated repository's primary size back, for reports. */
export function primarySize(dir: string): number {
  const repomd = readFileSync(join(dir, "repodata", "repomd.xml"), "utf8");
  return Number(/<open-size>(\d+)<\/open-size>/.exec(repomd)?.[1] ?? 0);
}
