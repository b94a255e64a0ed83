import { normalArch, releaseIn } from "./image-fields.js";

/** What an image file on a mirror is. */
export interface ImageFile {
  readonly type: string;
  readonly release: string | null;
  readonly arch: string | null;
  readonly format: string;
}

// Longest first, so .raw.xz wins over .xz.
const FORMATS = [
  ".raw.xz",
  ".vhd.xz",
  ".tar.xz",
  ".tar.gz",
  ".img.xz",
  ".qcow2",
  ".raw",
  ".vhd",
  ".vmdk",
  ".ova",
  ".box",
  ".wsl",
  ".iso",
  ".img",
];

// File-name tokens and the image type they mean, first match wins (AlmaLinux and Rocky Linux naming:
// AlmaLinux-9-GenericCloud-UEFI-9.5-20241120.x86_64.qcow2, Rocky-9-Vagrant-Libvirt-9.5-20241118.0.x86_64.box).
const TYPES: readonly (readonly [RegExp, string | ((m: RegExpExecArray) => string)])[] = [
  [/GenericCloud-UEFI/i, "GenericCloud-UEFI"],
  [/GenericCloud/i, "GenericCloud"],
  [/OpenNebula/i, "OpenNebula"],
  [/Azure/i, "Azure"],
  [/EC2/i, "EC2"],
  [/GCP|GCE/i, "GCP"],
  [/OCP/i, "OCP"],
  [/\bOCI\b|OracleCloud/i, "OCI"],
  [
    /Container-(Base|Minimal|UBI|Toolbox|Init|Micro)/i,
    (m) => `Container-${(m[1] ?? "").charAt(0).toUpperCase()}${(m[1] ?? "").slice(1).toLowerCase()}`,
  ],
  [
    /Vagrant[-_.](libvirt|virtualbox|vbox|vmware(?:_desktop)?|hyperv|parallels)/i,
    (m) => `Vagrant-${vagrantProvider(m[1] ?? "")}`,
  ],
  [/WSL/i, "WSL"],
  [/RPi|raspberry|\bSBC\b/i, "SBC"],
  [/LXC|LXD|Incus/i, "LXC"],
  [
    /-(dvd1?|minimal|boot|netinst)\.iso$/i,
    (m) => `ISO-${(m[1] ?? "").toLowerCase().replace("dvd1", "dvd").replace("netinst", "boot")}`,
  ],
];

function vagrantProvider(p: string): string {
  const l = p.toLowerCase();
  return l === "vbox" ? "virtualbox" : l.startsWith("vmware") ? "vmware" : l;
}

/**
 * Classifies an image file by its name as the distributions publish them;
 * null for what is not an image (checksums, signatures, manifests) and for
 * "latest" links, which repeat a dated file.
 *
 * @example
 * classifyImageFile("AlmaLinux-9-GenericCloud-9.5-20241120.x86_64.qcow2")
 * // { type: "GenericCloud", release: "9.5", arch: "x86_64", format: "qcow2" }
 */
export function classifyImageFile(name: string): ImageFile | null {
  const format = FORMATS.find((f) => name.toLowerCase().endsWith(f));
  if (format === undefined || /latest/i.test(name)) return null;
  const found = TYPES.map(([re, t]) => {
    const m = re.exec(name);
    return m === null ? null : typeof t === "string" ? t : t(m);
  }).find((t) => t !== null);
  const type = found ?? (format === ".iso" ? "ISO" : null);
  if (type === null || type === undefined) return null;
  const arch = /(x86_64_v2|x86_64|aarch64|ppc64le|s390x|riscv64|i686)/.exec(name)?.[1] ?? null;
  return { type, release: releaseIn(name), arch: normalArch(arch), format: format.slice(1) };
}
