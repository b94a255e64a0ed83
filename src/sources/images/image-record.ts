/** Where an image is offered. */
export type ImageChannel = "mirror" | "aws" | "azure" | "gcp" | "vagrant" | "container";

/**
 * One image as a listing or API states it. What the source does not say is
 * null; whether it is official is decided later, from the catalog's list of
 * the distribution's own publishers.
 */
export interface ImageEntry {
  readonly channel: ImageChannel;
  /** File name, AMI id, URN, box name and version, repository:tag. */
  readonly name: string;
  /** What it is: GenericCloud, EC2, Azure, Vagrant-libvirt, Container-Minimal, ISO-dvd, a marketplace offer... */
  readonly type: string;
  /** "9.8", "9" or null. */
  readonly release: string | null;
  /** x86_64, aarch64, ppc64le, s390x, riscv64, or null. */
  readonly arch: string | null;
  /** Region, URL or registry. */
  readonly location: string | null;
  /** AWS owner id, Azure publisher, GCP project, Vagrant or registry namespace. */
  readonly publisher: string | null;
  /** ISO 8601 UTC. */
  readonly published: string | null;
  readonly size: number | null;
}

/** A counter an API reports (downloads, pulls, stars), as of `date` (null: as of the import). */
export interface CountEntry {
  readonly metric: string;
  readonly value: number;
  readonly date: string | null;
  readonly subject: string;
}

/** What image and popularity parsers yield. */
export type ImageRecord =
  | ({ readonly kind: "image" } & ImageEntry)
  | ({ readonly kind: "count" } & CountEntry)
  | { readonly kind: "warning"; readonly message: string };

const ARCHES: Readonly<Record<string, string>> = {
  x86_64: "x86_64",
  amd64: "x86_64",
  x64: "x86_64",
  "x86-64": "x86_64",
  x86_64_v2: "x86_64_v2",
  arm64: "aarch64",
  aarch64: "aarch64",
  ppc64le: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
  i386: "i686",
  i686: "i686",
};

/**
 * An architecture name as the distributions spell it (AWS's arm64, Azure's
 * x64 and Arm64, Docker's amd64), or null when it names none.
 *
 * @example
 * normalArch("arm64") // "aarch64"
 */
export function normalArch(raw: unknown): string | null {
  return typeof raw === "string" ? (ARCHES[raw.trim().toLowerCase()] ?? null) : null;
}

/**
 * The release an image name or version states ("AlmaLinux OS 9.4.20240805 x86_64" → "9.4"), or null.
 *
 * @example
 * releaseIn("Rocky-9-EC2-Base-9.5-20241118.0.x86_64") // "9.5"
 */
export function releaseIn(text: string): string | null {
  // Architectures and dates carry digits that are no release (x86_64, 20240805).
  const t = text.replace(/x86[_-]64(_v2)?|aarch64|ppc64le|s390x|riscv64|i[36]86|amd64|arm64|\d{6,}/gi, " ");
  const minor = /(?:^|[^0-9.])(\d{1,2})[._](\d{1,2})(?![0-9])/.exec(t);
  if (minor !== null) return `${minor[1]}.${minor[2]}`;
  const major = /(?:^|[^0-9.])(\d{1,2})(?![0-9.])/.exec(t);
  return major === null ? null : (major[1] ?? null);
}

/**
 * The container variant a tag names: Minimal, Micro, Init, else Base.
 *
 * @example
 * containerType("9-minimal") // "Container-Minimal"
 */
export function containerType(tag: string): string {
  return /minimal/.test(tag)
    ? "Container-Minimal"
    : /micro/.test(tag)
      ? "Container-Micro"
      : /init/.test(tag)
        ? "Container-Init"
        : "Container-Base";
}
