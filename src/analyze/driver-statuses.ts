import type { LeappRecord } from "../model/leapp-record.js";

/** A kernel module (lsmod) or a PCI device (lspci -nn, as "0x8086:0x2922") of the host. */
export interface HostDevice {
  readonly kind: "module" | "pci";
  /** The module's name, or the PCI vendor:device id. */
  readonly id: string;
  /** lspci's description, or the module name. */
  readonly name: string;
}

/**
 * What the target does with a host's module or device: removed (not available in the target's
 * major), unmaintained (available, no longer maintained), maintained (listed, and maintained), not listed (no deprecation entry), or
 * unknown (no deprecation data imported for the target).
 */
export type DriverStatus = "removed" | "unmaintained" | "maintained" | "not-listed" | "unknown";

/** One host module or device × one target. */
export interface DriverRow {
  readonly target: string;
  readonly kind: HostDevice["kind"];
  readonly id: string;
  readonly name: string;
  readonly status: DriverStatus;
  /** The deprecation entry's majors, e.g. "available in 7, 8; maintained in 7"; null: none. */
  readonly detail: string | null;
}

/** Module names as lsmod prints them: leapp's data writes some with "-" ("3w-9xxx"), the kernel with "_". */
const moduleKey = (name: string): string => name.replace(/-/g, "_");

/**
 * Reads `lsmod` or `lspci -nn` output: modules from lsmod's lines (after its "Module Size Used by"
 * header), PCI devices from the last `[vvvv:dddd]` of each lspci line. Sorted, without repeats.
 *
 * @example
 * parseHostDevices("00:1f.2 SATA controller [0106]: Intel Corporation ICH9 [8086:2922] (rev 02)\n")
 * // [{ kind: "pci", id: "0x8086:0x2922", name: "SATA controller [0106]: Intel Corporation ICH9" }]
 */
export function parseHostDevices(text: string): HostDevice[] {
  const out = new Map<string, HostDevice>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || /^Module\s+Size\s+Used by/.test(line)) continue;
    const pci =
      /^[0-9a-f]{2,4}:[0-9a-f]{2}(?::[0-9a-f]{2})?\.[0-9a-f]\s+(.*?)\s*\[([0-9a-f]{4}):([0-9a-f]{4})\](.*)$/i.exec(
        line,
      );
    if (pci !== null) {
      const id = `0x${(pci[2] ?? "").toLowerCase()}:0x${(pci[3] ?? "").toLowerCase()}`;
      out.set(`pci ${id}`, { kind: "pci", id, name: pci[1] ?? "" });
      continue;
    }
    const mod = /^([A-Za-z0-9_-]+)\s+\d+\s+\d+/.exec(line);
    if (mod !== null) {
      const id = moduleKey(mod[1] ?? "");
      out.set(`module ${id}`, { kind: "module", id, name: id });
    }
  }
  return [...out.values()].sort((a, b) => (`${a.kind} ${a.id}` < `${b.kind} ${b.id}` ? -1 : 1));
}

/**
 * The status of each host module and device on each target, from the target's leapp device driver
 * deprecation data (null: none imported, so every status is unknown).
 *
 * @example
 * driverStatuses(devices, [{ target: "rocky:9", major: 9, records }])[0].status // "removed"
 */
export function driverStatuses(
  devices: readonly HostDevice[],
  targets: readonly { target: string; major: number; records: readonly LeappRecord[] | null }[],
): DriverRow[] {
  const rows: DriverRow[] = [];
  for (const t of targets) {
    const entries = (t.records ?? []).flatMap((r) => (r.kind === "device-driver" ? [r] : []));
    for (const d of devices) {
      const base = { target: t.target, kind: d.kind, id: d.id, name: d.name };
      if (t.records === null || entries.length === 0) {
        rows.push({ ...base, status: "unknown", detail: "no device driver data imported for the target" });
        continue;
      }
      const e =
        d.kind === "pci"
          ? entries.find((x) => x.deviceType === "pci" && x.deviceId.toLowerCase() === d.id)
          : entries.find((x) => x.deviceId === "" && moduleKey(x.driverName) === d.id);
      if (e === undefined) {
        rows.push({ ...base, status: "not-listed", detail: null });
        continue;
      }
      const detail = `available in ${e.availableIn.join(", ") || "none"}; maintained in ${e.maintainedIn.join(", ") || "none"}`;
      const status = !e.availableIn.includes(t.major)
        ? "removed"
        : !e.maintainedIn.includes(t.major)
          ? "unmaintained"
          : "maintained";
      rows.push({ ...base, status, detail });
    }
  }
  return rows;
}
