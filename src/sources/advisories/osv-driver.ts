import { ParseError } from "../../errors/parse-error.js";
import { type AdvisoryRecord, plainPackage } from "../../model/advisory-record.js";
import { jsonDate } from "../json-date.js";
import { readJson } from "../read-json.js";
import { showValue } from "../show-value.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { cvesIn, normalizeSeverity, typeFromId, upstreamIdsIn } from "./advisory-fields.js";
import { field, listField, objectField } from "./json-advisories.js";

const strings = (vs: readonly unknown[]): string[] => vs.filter((v): v is string => typeof v === "string");

/**
 * One OSV advisory file (the AlmaLinux OSV database's advisories/almalinuxN/*.json).
 * Format: https://ossf.github.io/osv-schema/
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly AdvisoryRecord[]> {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  const doc = (await readJson(chunks, ctx)) as Record<string, unknown>;
  if (doc === null || typeof doc !== "object" || typeof doc["id"] !== "string") return fail('no "id"');
  const id = doc["id"];
  const summary = typeof doc["summary"] === "string" ? doc["summary"] : "";
  // Lists of the wrong type are a ParseError naming the field; entries of the wrong type are
  // left (strings only: String() of a deeply nested list would recurse as deep as the input).
  const refs = strings(listField(doc, "references", ctx, id).map((r) => field(r, "url")));
  const related = strings(listField(doc, "related", ctx, id));
  const aliases = strings(listField(doc, "aliases", ctx, id));
  // OSV dates are RFC 3339 text; another type reads as no date, and is warned about.
  const date = (name: string): string | null => {
    const v = doc[name];
    return typeof v === "string" ? jsonDate(v, `${id}: ${name}`, ctx) : null;
  };
  const out: AdvisoryRecord[] = [];
  const packages = [];
  for (const a of listField(doc, "affected", ctx, id)) {
    const pkg = objectField(a, "package", ctx, id);
    const name = pkg?.["name"];
    const eco = typeof pkg?.["ecosystem"] === "string" ? pkg["ecosystem"] : "";
    const fixed = listField(a, "ranges", ctx, id)
      .flatMap((r) => listField(r, "events", ctx, id))
      .map((e) => field(e, "fixed"))
      .find((f) => f !== undefined);
    if (typeof name !== "string" || typeof fixed !== "string") {
      out.push({
        kind: "warning",
        message: `${id}: an affected entry without a package name or fixed version; skipped`,
      });
      continue;
    }
    packages.push(plainPackage(name, fixed, /:(\d+)$/.exec(eco)?.[1] ?? null));
  }
  const issued = date("published");
  if (issued === null)
    out.push({
      kind: "warning",
      message: `${id}: malformed or missing "published" date ${showValue(doc["published"])}`,
    });
  const severityWord = /^(\w+):/.exec(summary)?.[1];
  out.push({
    kind: "advisory",
    id,
    type: typeFromId(id),
    severity: normalizeSeverity(severityWord),
    summary,
    issued,
    updated: date("modified"),
    upstreamIds: upstreamIdsIn([...refs, ...aliases]),
    cves: cvesIn([...refs, ...related, ...aliases]),
    packages: packages.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
  });
  yield out;
}

export const osvDriver: SourceDriver<AdvisoryRecord> = {
  kind: "osv",
  family: "advisories",
  description: "OSV advisory JSON (one advisory per file; the AlmaLinux OSV database)",
  parse,
};
