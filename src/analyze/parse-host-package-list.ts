import type { Nevra } from "../model/nevra.js";

/** One package installed on the host, as its list names it. */
export interface HostPackage extends Nevra {
  /** The vendor, when the list gives it (`rpm -qa --qf` with %{VENDOR}); null: not given or "(none)". */
  readonly vendor: string | null;
  /** The repository it was installed from, when the list gives it (`dnf list installed`: "baseos"). */
  readonly fromRepo: string | null;
}

/** A line of the list that names no package: its number (1-based), its text and why. */
export interface BadHostLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** What a host's package list holds: its packages, sorted by name and arch, and the lines that were not packages. */
export interface HostPackageList {
  readonly format: "rpm-qa" | "rpm-qa-qf" | "dnf-list-installed" | "empty";
  readonly packages: readonly HostPackage[];
  readonly badLines: readonly BadHostLine[];
  /** gpg-pubkey entries: rpm's pseudo packages for imported keys, never in a repository. */
  readonly ignored: number;
}

const NAME = /^[A-Za-z0-9_+.-]+$/;
const ARCHES = new Set(["x86_64", "aarch64", "ppc64le", "s390x", "noarch", "i686", "i386", "armv7hl", "src"]);

/** `name-[epoch:]version-release.arch`, rpm -qa's default line. */
function readNevraLine(text: string): Nevra | string {
  const dot = text.lastIndexOf(".");
  if (dot === -1) return "no architecture";
  const arch = text.slice(dot + 1);
  if (!ARCHES.has(arch)) return `unknown architecture "${arch}"`;
  const nvr = text.slice(0, dot);
  const relDash = nvr.lastIndexOf("-");
  const verDash = relDash <= 0 ? -1 : nvr.lastIndexOf("-", relDash - 1);
  if (verDash <= 0) return "not name-version-release.arch";
  let name = nvr.slice(0, verDash);
  let version = nvr.slice(verDash + 1, relDash);
  let epoch = 0;
  const release = nvr.slice(relDash + 1);
  const colon = version.indexOf(":");
  if (colon !== -1) {
    epoch = Number(version.slice(0, colon));
    version = version.slice(colon + 1);
  } else if (name.includes(":")) {
    // rpm -qa --qf '%{NAME}-%{EPOCH}:...' is not rpm's default, but name "1:bash" is never a name
    const c = name.indexOf(":");
    epoch = Number(name.slice(0, c));
    name = name.slice(c + 1);
  }
  if (!Number.isInteger(epoch) || epoch < 0) return "bad epoch";
  if (!NAME.test(name) || version === "" || release === "") return "not name-version-release.arch";
  return { name, epoch, version, release, arch };
}

/** `NAME EPOCH VERSION RELEASE ARCH VENDOR` (the vendor may hold spaces, or be "(none)"). */
function readQfLine(fields: readonly string[]): (Nevra & { vendor: string | null }) | string {
  const [name = "", epochText = "", version = "", release = "", arch = ""] = fields;
  if (!NAME.test(name)) return "bad name";
  const epoch = epochText === "(none)" ? 0 : Number(epochText);
  if (!/^(\(none\)|\d+)$/.test(epochText) || !Number.isInteger(epoch)) return `bad epoch "${epochText}"`;
  if (!ARCHES.has(arch) && !(name === "gpg-pubkey" && arch === "(none)")) return `unknown architecture "${arch}"`;
  const vendorText = fields.slice(5).join(" ");
  const vendor = vendorText === "" || vendorText === "(none)" ? null : vendorText;
  return { name, epoch, version, release, arch, vendor };
}

/** `name.arch  [epoch:]version-release  @repo`, dnf list installed's line. */
function readDnfLine(fields: readonly string[]): HostPackage | string {
  const [na = "", evr = "", repo = ""] = fields;
  const dot = na.lastIndexOf(".");
  if (dot <= 0) return "no architecture";
  const name = na.slice(0, dot);
  const arch = na.slice(dot + 1);
  if (!ARCHES.has(arch)) return `unknown architecture "${arch}"`;
  if (!NAME.test(name)) return "bad name";
  const m = /^(?:(\d+):)?([^-:]+)-([^-:]+)$/.exec(evr);
  if (m === null) return `bad version "${evr}"`;
  const fromRepo = repo.startsWith("@") ? repo.slice(1) : repo === "" ? null : repo;
  return {
    name,
    arch,
    epoch: m[1] === undefined ? 0 : Number(m[1]),
    version: m[2] ?? "",
    release: m[3] ?? "",
    vendor: null,
    fromRepo: fromRepo === "System" || fromRepo === "anaconda" ? null : fromRepo,
  };
}

/** Lines dnf prints around its list, which name no package. */
const DNF_CHROME =
  /^(Installed [Pp]ackages|Last metadata expiration check|Updating Subscription|Not root|Extra Packages|Available Packages)/;

/**
 * Reads a host's package list in the forms people already have: `rpm -qa` (one NEVRA a line),
 * `rpm -qa --qf '%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{ARCH} %{VENDOR}\n'`, or
 * `dnf list installed` (its long names wrapped onto a line of their own, as dnf does). The format
 * is told by the lines; a line that is no package is reported with its reason and the rest read.
 *
 * @example
 * parseHostPackageList("bash-4.4.20-4.el8_6.x86_64\nnot a package\n").badLines // [{ line: 2, ... }]
 */
export function parseHostPackageList(text: string): HostPackageList {
  const lines = text.split(/\r?\n/);
  const packages: HostPackage[] = [];
  const badLines: BadHostLine[] = [];
  let ignored = 0;
  const isDnf = lines.some((l) => /^Installed [Pp]ackages\s*$/.test(l.trim()));
  const fieldsOf = (l: string): string[] => l.trim().split(/\s+/);
  const isQf = !isDnf && lines.some((l) => fieldsOf(l).length >= 5 && /^(\(none\)|\d+)$/.test(fieldsOf(l)[1] ?? ""));
  const format = isDnf ? "dnf-list-installed" : isQf ? "rpm-qa-qf" : "rpm-qa";
  const bad = (i: number, t: string, reason: string): void => void badLines.push({ line: i + 1, text: t, reason });
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const t = raw.trim();
    if (t === "" || t.startsWith("#")) continue;
    if (t.startsWith("gpg-pubkey")) {
      ignored++;
      continue;
    }
    if (isDnf) {
      if (DNF_CHROME.test(t)) continue;
      let fields = fieldsOf(t);
      const next = lines[i + 1];
      // dnf wraps a name too long for its column: the version and repository follow, indented.
      if (fields.length === 1 && next !== undefined && /^\s/.test(next) && fieldsOf(next).length === 2) {
        fields = [...fields, ...fieldsOf(next)];
        i++;
      }
      const r = fields.length === 3 ? readDnfLine(fields) : "not name.arch version repository";
      if (typeof r === "string") bad(i, raw, r);
      else packages.push(r);
    } else if (isQf) {
      const fields = fieldsOf(t);
      const r = fields.length >= 5 ? readQfLine(fields) : "not NAME EPOCH VERSION RELEASE ARCH VENDOR";
      if (typeof r === "string") bad(i, raw, r);
      else packages.push({ ...r, fromRepo: null });
    } else {
      const r = /\s/.test(t) ? "not one NEVRA" : readNevraLine(t);
      if (typeof r === "string") bad(i, raw, r);
      else packages.push({ ...r, vendor: null, fromRepo: null });
    }
  }
  packages.sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.arch < b.arch ? -1 : a.arch > b.arch ? 1 : 0,
  );
  return { format: packages.length === 0 && badLines.length === 0 ? "empty" : format, packages, badLines, ignored };
}
