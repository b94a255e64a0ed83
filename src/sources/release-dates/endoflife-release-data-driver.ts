import { ParseError } from "../../errors/parse-error.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { parseHumanDate } from "./parse-date.js";
import { readJson } from "../read-json.js";
import { showValue } from "../show-value.js";
import type { ReleaseDateRecord } from "../../model/release-date-record.js";

/**
 * endoflife.date release-data JSON: `{"versions": {"9.4": {"name": "9.4", "date": "2024-05-06"}}}`.
 * Format: https://github.com/endoflife-date/release-data
 */
async function* parse(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncGenerator<readonly ReleaseDateRecord[]> {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  const doc = await readJson(chunks, ctx);
  const versions = (doc as { versions?: unknown } | null)?.versions;
  if (versions === null || typeof versions !== "object" || Array.isArray(versions)) return fail('no "versions" object');
  const out: ReleaseDateRecord[] = [];
  for (const [key, v] of Object.entries(versions as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const entry = v as { name?: unknown; date?: unknown } | null;
    const release = typeof entry?.name === "string" ? entry.name : key;
    if (!/^\d+(\.\d+)?$/.test(release)) {
      out.push({ kind: "warning", message: `version "${release}" is not a release number; skipped` });
      continue;
    }
    const date = typeof entry?.date === "string" ? parseHumanDate(entry.date) : null;
    if (date === null)
      out.push({
        kind: "warning",
        message: `version ${release}: malformed date ${showValue(entry?.date)}; skipped`,
      });
    else out.push({ kind: "release-date", release, date, stage: "ga" });
  }
  yield out;
}

export const endoflifeReleaseDataDriver: SourceDriver<ReleaseDateRecord> = {
  kind: "endoflife-release-data",
  family: "release-dates",
  description: "endoflife.date release-data JSON (minor release dates)",
  parse,
};
