import { ParseError } from "../../errors/parse-error.js";
import { type AdvisoryRecord, plainPackage } from "../../model/advisory-record.js";
import { readJson } from "../read-json.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { cvesIn, normalizeSeverity, typeFromId, upstreamIdsIn } from "./advisory-fields.js";

interface OsvAffected {
  package?: { ecosystem?: unknown; name?: unknown };
  ranges?: { events?: { fixed?: unknown }[] }[];
}

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
  const refs = Array.isArray(doc["references"])
    ? (doc["references"] as { url?: unknown }[]).map((r) => (typeof r.url === "string" ? r.url : ""))
    : [];
  const related = Array.isArray(doc["related"]) ? (doc["related"] as unknown[]).map(String) : [];
  const aliases = Array.isArray(doc["aliases"]) ? (doc["aliases"] as unknown[]).map(String) : [];
  const date = (v: unknown): string | null =>
    typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;
  const out: AdvisoryRecord[] = [];
  const packages = [];
  for (const a of Array.isArray(doc["affected"]) ? (doc["affected"] as OsvAffected[]) : []) {
    const name = a.package?.name;
    const eco = typeof a.package?.ecosystem === "string" ? a.package.ecosystem : "";
    const fixed = a.ranges?.flatMap((r) => r.events ?? []).find((e) => e.fixed !== undefined)?.fixed;
    if (typeof name !== "string" || typeof fixed !== "string") {
      out.push({
        kind: "warning",
        message: `${id}: an affected entry without a package name or fixed version; skipped`,
      });
      continue;
    }
    packages.push(plainPackage(name, fixed, /:(\d+)$/.exec(eco)?.[1] ?? null));
  }
  const issued = date(doc["published"]);
  if (issued === null)
    out.push({
      kind: "warning",
      message: `${id}: malformed or missing "published" date ${JSON.stringify(doc["published"])}`,
    });
  const severityWord = /^(\w+):/.exec(summary)?.[1];
  out.push({
    kind: "advisory",
    id,
    type: typeFromId(id),
    severity: normalizeSeverity(severityWord),
    summary,
    issued,
    updated: date(doc["modified"]),
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
