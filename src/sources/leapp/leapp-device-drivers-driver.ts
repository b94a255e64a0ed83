import { ParseError } from "../../errors/parse-error.js";
import type { LeappRecord } from "../../model/leapp-record.js";
import { readJson } from "../read-json.js";
import type { SourceDriver } from "../source-driver.js";

const nums = (v: unknown): number[] =>
  Array.isArray(v) ? (v as unknown[]).filter((x): x is number => typeof x === "number").sort((a, b) => a - b) : [];
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * leapp's device driver deprecation data (device_driver_deprecation_data.json, AlmaLinux/leapp-data
 * files/<vendor>/): `{"data":[{"device_type","device_id","device_name","driver_name","available_in_rhel",
 * "maintained_in_rhel","deprecation_announced"}]}`, one record per entry.
 * Format: oamg/leapp-repository repos/system_upgrade/el7toel8/actors/loaddevicedriverdeprecationdata
 */
export const leappDeviceDriversDriver: SourceDriver<LeappRecord> = {
  kind: "leapp-device-drivers",
  family: "leapp",
  description: "leapp device driver deprecation data: the majors each device and driver is available and maintained in",
  async *parse(chunks, ctx) {
    const doc = (await readJson(chunks, ctx, 64 << 20)) as { data?: unknown } | null;
    if (doc === null || typeof doc !== "object" || !Array.isArray(doc.data))
      throw new ParseError(ctx.sourceId, 'no "data" list', { file: ctx.file });
    const out: LeappRecord[] = [];
    (doc.data as unknown[]).forEach((e, i) => {
      const o = (e ?? {}) as Record<string, unknown>;
      const deviceType = str(o["device_type"]);
      if (deviceType === "" || (str(o["device_id"]) === "" && str(o["driver_name"]) === "")) {
        out.push({ kind: "warning", message: `entry ${i + 1}: no device type, or neither device id nor driver` });
        return;
      }
      out.push({
        kind: "device-driver",
        deviceType,
        deviceId: str(o["device_id"]),
        deviceName: str(o["device_name"]),
        driverName: str(o["driver_name"]),
        availableIn: nums(o["available_in_rhel"]),
        maintainedIn: nums(o["maintained_in_rhel"]),
        deprecationAnnounced: str(o["deprecation_announced"]),
      });
    });
    if (!out.some((r) => r.kind === "device-driver"))
      throw new ParseError(ctx.sourceId, "no entries", { file: ctx.file });
    yield out;
  },
};
