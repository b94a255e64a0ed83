/**
 * One CSV-ready row from a summary object: scalars as they are, nested objects as `key.sub`,
 * lists as their length (a summary's warnings are counted, as its JSON does).
 *
 * @example
 * flatRow({ distro: "almalinux", snapshots: { new: 1 }, warnings: ["x"] }) // { distro: "almalinux", "snapshots.new": 1, warnings: 1 }
 */
export function flatRow(o: object, prefix = ""): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = prefix + k;
    if (v === undefined) continue;
    if (Array.isArray(v)) out[key] = v.length;
    else if (v !== null && typeof v === "object") Object.assign(out, flatRow(v as object, `${key}.`));
    else out[key] = v as string | number | boolean | null;
  }
  return out;
}
