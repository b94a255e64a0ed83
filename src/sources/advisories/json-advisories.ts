import { readJson } from "../read-json.js";
import type { ParseContext } from "../source-driver.js";

/** Advisory feeds (errata.json, Apollo pages) can be large: up to 512 MiB. */
export function readAdvisoryJson(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): Promise<unknown> {
  return readJson(chunks, ctx, 512 << 20);
}

/** A date from the forms advisory JSON uses: ISO text, Unix milliseconds, or Mongo's {"$date": ...}. */
export function jsonDate(v: unknown): string | null {
  if (v !== null && typeof v === "object" && "$date" in v) return jsonDate(v.$date);
  if (typeof v === "number" && Number.isFinite(v)) return new Date(v > 1e11 ? v : v * 1000).toISOString();
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return null;
}

/** Field `name` of a JSON object, in camelCase or snake_case (APIs emit either). */
export function field(o: unknown, camel: string): unknown {
  if (o === null || typeof o !== "object") return undefined;
  const r = o as Record<string, unknown>;
  return r[camel] ?? r[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
}

/** A JSON value as text: strings as they are, numbers written out, anything else empty. */
export function text(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

/** Splits name-[epoch:]version-release[.arch] as rpm prints it; `arch` is null when it names none. */
export function splitNevra(nevra: string): { name: string; evr: string; arch: string | null } | null {
  const m =
    /^(.+)-(?:(\d+):)?([^-:]+)-([^-]+?)(?:\.(x86_64|aarch64|ppc64le|s390x|noarch|i686|src|riscv64|x86_64_v2))?(?:\.rpm)?$/.exec(
      nevra,
    );
  if (m === null) return null;
  const epoch = m[2] !== undefined && m[2] !== "0" ? `${m[2]}:` : "";
  return { name: m[1] ?? "", evr: `${epoch}${m[3] ?? ""}-${m[4] ?? ""}`, arch: m[5] ?? null };
}
