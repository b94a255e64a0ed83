// Image listings and APIs spell architectures, releases and container variants each their own way
// (arm64, x64, "9.4.20240805", "9-minimal"); these read them into the values an ImageEntry holds.
// They read source text, so they stay with the parsers rather than beside the record in model/.

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
