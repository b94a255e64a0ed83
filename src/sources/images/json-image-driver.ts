import { ParseError } from "../../errors/parse-error.js";
import type { ImageRecord } from "../../model/image-record.js";
import { readJson } from "../read-json.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";

/** Reads fields of API objects without trusting their shape. */
export interface JsonReader {
  /** A string field, trimmed, or null. */
  str(o: unknown, key: string): string | null;
  /** A finite number field (numbers or numeric strings), or null. */
  num(o: unknown, key: string): number | null;
  /** A date field as ISO 8601 UTC, or null. */
  date(o: unknown, key: string): string | null;
  /** An array field, or an empty array. */
  list(o: unknown, key: string): readonly unknown[];
  /** Fails the whole document: it is not what its kind says. */
  fail(problem: string): never;
}

function reader(ctx: ParseContext): JsonReader {
  const get = (o: unknown, key: string): unknown =>
    o !== null && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
  return {
    str: (o, key) => {
      const v = get(o, key);
      return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
    },
    num: (o, key) => {
      const v = get(o, key);
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      return Number.isFinite(n) ? n : null;
    },
    date: (o, key) => {
      const v = get(o, key);
      return typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;
    },
    list: (o, key) => {
      const v = get(o, key);
      return Array.isArray(v) ? (v as readonly unknown[]) : [];
    },
    fail: (problem) => {
      throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
    },
  };
}

/**
 * A source kind whose input is one JSON document (an API answer or a CLI's
 * JSON output) turned into image and count records by `extract`.
 *
 * @example
 * jsonImageDriver("gcloud-images-list", "images", "…", (doc, r) => [...])
 */
export function jsonImageDriver(
  kind: string,
  family: "images" | "popularity",
  description: string,
  extract: (doc: unknown, r: JsonReader) => ImageRecord[],
): SourceDriver<ImageRecord> {
  return {
    kind,
    family,
    description,
    async *parse(chunks, ctx) {
      const r = reader(ctx);
      yield extract(await readJson(chunks, ctx, 256 << 20), r);
    },
  };
}
