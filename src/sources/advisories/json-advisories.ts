import { ParseError } from "../../errors/parse-error.js";
import { readJson } from "../read-json.js";
import { showValue } from "../show-value.js";
import type { ParseContext } from "../source-driver.js";

/** Advisory feeds (errata.json, Apollo pages) can be large: up to 512 MiB. */
export function readAdvisoryJson(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): Promise<unknown> {
  return readJson(chunks, ctx, 512 << 20);
}

/**
 * A field that must be a list: absent or null is an empty list, anything else (`"fixes": "x"`,
 * `"cves": 5`) a ParseError naming the file, the advisory and the field, not a crash further on.
 *
 * @example
 * listField(advisory, "fixes", ctx, "RLSA-2024:1234") // [] when there is none
 */
export function listField(o: unknown, name: string, ctx: ParseContext, id: string): readonly unknown[] {
  const v = field(o, name);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new ParseError(ctx.sourceId, `${id}: "${name}" is ${showValue(v)}, not a list`, { file: ctx.file });
  return v as readonly unknown[];
}

/**
 * A field that must be an object (a map of named parts): absent or null is none, a list or a scalar
 * a ParseError naming the file, the advisory and the field.
 *
 * @example
 * objectField(advisory, "rpms", ctx, "RLSA-2024:1234") // { "Rocky Linux 9": { nvras: [...] } }
 */
export function objectField(o: unknown, name: string, ctx: ParseContext, id: string): Record<string, unknown> | null {
  const v = field(o, name);
  if (v === undefined || v === null) return null;
  if (typeof v !== "object" || Array.isArray(v))
    throw new ParseError(ctx.sourceId, `${id}: "${name}" is ${showValue(v)}, not an object`, { file: ctx.file });
  return v as Record<string, unknown>;
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
