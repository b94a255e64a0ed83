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
  /** An updateinfo.xml of advisories for this repository's packages, listed in repomd.xml. */
  readonly advisories?: GeneratedAdvisories;
}

/** Advisories shaped like a distribution's updateinfo.xml: RHSA/RHBA/RHEA-like ids and dates. */
export interface GeneratedAdvisories {
  readonly count: number;
  /** The id prefix before SA/BA/EA: "RH", "AL", "RL", "EL". */
  readonly prefix: string;
  /** Ids start after this number, so that each release has its own. */
  readonly idBase: number;
  /** The upstream's prefix, for a rebuild: each advisory then names the upstream one it rebuilds. */
  readonly upstreamPrefix?: string;
  /** Seconds added to advisory j's issued date (a rebuild's delay). */
  readonly shift?: (j: number) => number;
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

/** Package i of a generated repository; `rel` is null where the variant does not ship it. */
function generatedNevra(
  i: number,
  n: number,
  bump: number,
  variant: Variant,
): { name: string; arch: string; ver: string; rel: string | null; baseRel: string; epoch: number } {
  const name =
    i < n ? `pkg${i.toString(36)}-${["lib", "devel", "tools", "common", "data"][i % 5]}` : `extra${i.toString(36)}`;
  const arch = ARCHES[i % ARCHES.length] as string;
  const ver = `${1 + (i % 7)}.${i % 13}.${i % 29}`;
  const baseRel = `${1 + (i % 40)}${bump > 0 && i % bump === 0 ? ".1" : ""}.el9_${i % 5}`;
  const rel = variant.release === undefined || i >= n ? baseRel : variant.release(i, baseRel);
  return { name, arch, ver, rel, baseRel, epoch: i % 17 === 0 ? 1 : 0 };
}

const ADVISORY_TYPES = [
  ["security", "SA", "Important: {} security update"],
  ["bugfix", "BA", "{} bug fix update"],
  ["enhancement", "EA", "{} enhancement update"],
] as const;

/** One generated advisory, before it is written as updateinfo.xml or errata.json. */
interface GeneratedAdvisory {
  readonly id: string;
  readonly upstreamId: string | null;
  readonly type: string;
  readonly title: string;
  readonly severity: string;
  readonly issued: Date;
  readonly packages: readonly { name: string; epoch: number; ver: string; rel: string; arch: string }[];
}

/**
 * Advisory j fixes one to three of the generated packages (those this variant ships), is issued
 * six hours after j - 1 (plus the variant's delay), and a rebuild's names the upstream advisory it
 * rebuilds, as AlmaLinux's do.
 */
function* generatedAdvisories(
  n: number,
  bump: number,
  variant: Variant,
  a: GeneratedAdvisories,
): Generator<GeneratedAdvisory> {
  for (let j = 0; j < a.count; j++) {
    const [type, letters, title] = ADVISORY_TYPES[j % ADVISORY_TYPES.length] as (typeof ADVISORY_TYPES)[number];
    const number = a.idBase + j;
    const packages = [];
    for (let k = 0; k <= j % 3; k++) {
      const p = generatedNevra((j * 7 + k * 4099) % n, n, bump, variant);
      if (p.rel !== null) packages.push({ name: p.name, epoch: p.epoch, ver: p.ver, rel: p.rel, arch: p.arch });
    }
    yield {
      id: `${a.prefix}${letters}-2024:${number}`,
      upstreamId: a.upstreamPrefix === undefined ? null : `${a.upstreamPrefix}${letters}-2024:${number}`,
      type,
      title: title.replace("{}", `pkg${number.toString(36)}`),
      severity: type === "security" ? (["Low", "Moderate", "Important", "Critical"][j % 4] as string) : "None",
      issued: new Date(Date.UTC(2024, 0, 1) + j * 6 * 3600_000 + (a.shift?.(j) ?? 0) * 1000),
      packages,
    };
  }
}

/** updateinfo.xml text shaped like a distribution's, of generatedAdvisories. */
export function generateUpdateinfoXml(n: number, bump: number, variant: Variant, a: GeneratedAdvisories): Buffer {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<updates>\n'];
  for (const u of generatedAdvisories(n, bump, variant, a)) {
    const day = u.issued.toISOString().slice(0, 19).replace("T", " ");
    const packages = u.packages.map(
      (p) =>
        `      <package name="${p.name}" version="${p.ver}" release="${p.rel}" epoch="${p.epoch}" arch="${p.arch}"><filename>${p.name}-${p.ver}-${p.rel}.${p.arch}.rpm</filename></package>\n`,
    );
    const ref =
      u.upstreamId === null
        ? ""
        : `<reference href="https://errata.example.invalid/${u.upstreamId}" id="${u.upstreamId}" type="${u.type === "security" ? "rhsa" : "other"}"/>`;
    parts.push(`  <update from="errata@example.invalid" status="final" type="${u.type}" version="2">
    <id>${u.id}</id>
    <title>${u.title}</title>
    <issued date="${day}"/>
    <updated date="${day}"/>
    <severity>${u.severity}</severity>
    <description>Generated advisory for benchmarks.</description>
    <references>${ref}</references>
    <pkglist><collection short="c"><name>c</name>
${packages.join("")}    </collection></pkglist>
  </update>
`);
  }
  parts.push("</updates>\n");
  return Buffer.from(parts.join(""));
}

/**
 * AlmaLinux's errata.json shape (see test/fixtures/almalinux-errata) of generatedAdvisories: its
 * `updated_date` is the rebuild's own publication time, a day after the issued date it copies.
 */
export function generateErrataJson(n: number, bump: number, variant: Variant, a: GeneratedAdvisories): unknown[] {
  return [...generatedAdvisories(n, bump, variant, a)].map((u) => ({
    id: u.id,
    type: u.type,
    title: u.title,
    severity: u.severity,
    issued_date: { $date: u.issued.getTime() },
    updated_date: { $date: u.issued.getTime() + 86_400_000 },
    description: "Generated advisory for benchmarks.",
    references:
      u.upstreamId === null
        ? []
        : [{ href: `https://errata.example.invalid/${u.upstreamId}`, id: u.upstreamId, type: "rhsa" }],
    pkglist: {
      packages: u.packages.map((p) => ({
        name: p.name,
        epoch: String(p.epoch),
        version: p.ver,
        release: p.rel,
        arch: p.arch,
        filename: `${p.name}-${p.ver}-${p.rel}.${p.arch}.rpm`,
      })),
    },
  }));
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
    const { name, arch, ver, rel: maybeRel, baseRel, epoch } = generatedNevra(i, n, bump, variant);
    // Every package draws the same random numbers whether shipped or not, so variants stay aligned.
    const rel = maybeRel ?? baseRel;
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
  const entry = (type: string, location: string, bytes: Buffer, open: Buffer): string => `  <data type="${type}">
    <checksum type="sha256">${sha(bytes)}</checksum>
    <open-checksum type="sha256">${sha(open)}</open-checksum>
    <location href="${location}"/>
    <timestamp>${now}</timestamp>
    <size>${bytes.length}</size>
    <open-size>${open.length}</open-size>
  </data>
`;
  let updateinfo = "";
  if (opts.advisories !== undefined) {
    const text = generateUpdateinfoXml(opts.packages, opts.bump ?? 0, opts.variant ?? {}, opts.advisories);
    const gz = gzipSync(text);
    const location = `repodata/${sha(gz)}-updateinfo.xml.gz`;
    writeFileSync(join(dir, location), gz);
    updateinfo = entry("updateinfo", location, gz, text);
  }
  writeFileSync(
    join(dir, "repodata", "repomd.xml"),
    `<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
  <revision>${now}</revision>
${entry("primary", file, data, xml)}${updateinfo}</repomd>
`,
  );
  return { xmlBytes: xml.length, fileBytes: data.length, file: join(dir, file) };
}

/** Reads a generated repository's primary size back, for reports. */
export function primarySize(dir: string): number {
  const repomd = readFileSync(join(dir, "repodata", "repomd.xml"), "utf8");
  return Number(/<open-size>(\d+)<\/open-size>/.exec(repomd)?.[1] ?? 0);
}
