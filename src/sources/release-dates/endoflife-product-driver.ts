import { ParseError } from "../../errors/parse-error.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { parseHumanDate } from "./parse-date.js";
import { readAll } from "../read-all.js";
import { showValue } from "../show-value.js";
import type { ReleaseDateRecord, ReleaseStage } from "../../model/release-date-record.js";
import { parseYamlDocument } from "../parse-yaml-document.js";

/**
 * The front matter's phase ends per releaseCycle, as endoflife.date names them: `eoas` end of
 * active (full) support, `eol` end of life (maintenance support), `eoes` end of extended support.
 */
const PHASE_ENDS: readonly (readonly [string, ReleaseStage])[] = [
  ["eoas", "active-support-end"],
  ["eol", "eol"],
  ["eoes", "extended-support-end"],
];

/**
 * endoflife.date product pages: YAML front matter whose `releases` give each
 * major's release date, the ends of its support phases, and its latest minor with that minor's date.
 * Format: https://github.com/endoflife-date/endoflife.date/blob/master/CONTRIBUTING.md
 */
async function* parse(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncGenerator<readonly ReleaseDateRecord[]> {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  // Product pages are a few KiB (RHEL's, the longest of ours, about 2 KiB); the yaml parser takes
  // seconds on MiBs of blank lines, so a page past 1 MiB is refused unread.
  const text = (await readAll(chunks, 1 << 20, ctx)).toString("utf8");
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  if (m === null) return fail("no YAML front matter between --- lines");
  const doc = parseYamlDocument(m[1] ?? "", { uniqueKeys: true }, fail);
  if (doc.errors.length > 0) return fail(`invalid YAML: ${doc.errors[0]?.message.split("\n")[0] ?? ""}`);
  let js: unknown;
  try {
    // The yaml package's default alias limit (100) stops "billion laughs"; a throw here is one of its limits.
    js = doc.toJS();
  } catch (e) {
    return fail(`invalid YAML: ${(e as Error).message}`);
  }
  const releases = (js as { releases?: unknown } | null)?.releases;
  if (!Array.isArray(releases)) return fail('no "releases" list');
  const out: ReleaseDateRecord[] = [];
  const add = (release: unknown, date: unknown, what: string, stage: ReleaseStage = "ga"): void => {
    if (typeof release !== "string" || !/^\d+(\.\d+)?$/.test(release)) {
      out.push({
        kind: "warning",
        message: `${what}: release ${showValue(release)} is not a release number; skipped`,
      });
      return;
    }
    const d =
      date instanceof Date ? date.toISOString().slice(0, 10) : typeof date === "string" ? parseHumanDate(date) : null;
    if (d === null)
      out.push({ kind: "warning", message: `${what} ${release}: malformed date ${showValue(date)}; skipped` });
    else out.push({ kind: "release-date", release, date: d, stage });
  };
  // YAML may read an unquoted 9.4 as a number; release numbers are compared as text.
  const asText = (v: unknown): unknown => (typeof v === "number" ? String(v) : v);
  for (const [i, item] of (releases as unknown[]).entries()) {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      out.push({ kind: "warning", message: `releases[${i}] is ${showValue(item)}, not a release; skipped` });
      continue;
    }
    const r = item as Record<string, unknown>;
    add(asText(r["releaseCycle"]), r["releaseDate"], "releaseCycle");
    for (const [field, stage] of PHASE_ENDS) {
      // true/false state a phase without its date (ended, or no end announced): nothing to date.
      const v = r[field];
      if (v !== undefined && typeof v !== "boolean") add(asText(r["releaseCycle"]), v, field, stage);
    }
    if (r["latest"] !== undefined && r["latestReleaseDate"] !== undefined) {
      add(asText(r["latest"]), r["latestReleaseDate"], "latest");
    }
  }
  yield out;
}

export const endoflifeProductDriver: SourceDriver<ReleaseDateRecord> = {
  kind: "endoflife-product",
  family: "release-dates",
  description: "endoflife.date product front matter (major and latest-minor dates, support phase ends)",
  parse,
};
