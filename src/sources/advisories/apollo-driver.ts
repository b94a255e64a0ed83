import { ParseError } from "../../errors/parse-error.js";
import { type AdvisoryPackage, type AdvisoryRecord, plainPackage } from "../../model/advisory-record.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { cvesIn, normalizeSeverity, typeFromId, upstreamIdsIn } from "./advisory-fields.js";
import { jsonDate } from "../json-date.js";
import { field, listField, objectField, readAdvisoryJson, splitNevra, text } from "./json-advisories.js";

/**
 * Rocky Linux's Apollo errata API: `{"advisories": [...]}` (a page) or
 * `{"advisory": {...}}` (one). Field names follow Apollo's advisory message
 * (name, synopsis, severity SEVERITY_IMPORTANT, type TYPE_SECURITY,
 * publishedAt, cves[].name, fixes[].sourceLink, rpms{product: {nvras}}), in
 * camelCase or snake_case.
 * See https://github.com/resf/distro-tools/tree/main/apollo (the API) and
 * https://apollo.build.resf.org/ (the service).
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly AdvisoryRecord[]> {
  const doc = await readAdvisoryJson(chunks, ctx);
  const list =
    field(doc, "advisories") ?? (field(doc, "advisory") === undefined ? undefined : [field(doc, "advisory")]);
  if (!Array.isArray(list))
    throw new ParseError(ctx.sourceId, 'neither "advisories" nor "advisory"', { file: ctx.file });
  const out: AdvisoryRecord[] = [];
  for (const a of list as unknown[]) {
    const id = field(a, "name");
    if (typeof id !== "string" || id === "") {
      out.push({ kind: "warning", message: "an advisory without a name; skipped" });
      continue;
    }
    const sev = text(field(a, "severity")).replace(/^SEVERITY_/, "");
    const type = text(field(a, "type"))
      .replace(/^TYPE_/, "")
      .toLowerCase();
    const fixes = listField(a, "fixes", ctx, id);
    const cves = listField(a, "cves", ctx, id).map((c) => text(field(c, "name")));
    const packages: AdvisoryPackage[] = [];
    for (const [product, v] of Object.entries(objectField(a, "rpms", ctx, id) ?? {})) {
      const major = /(\d+)/.exec(product)?.[1] ?? null;
      for (const n of listField(v, "nvras", ctx, id)) {
        const p = typeof n === "string" ? splitNevra(n) : null;
        if (p !== null && typeof n === "string" && !n.includes(".src"))
          packages.push(plainPackage(p.name, p.evr, major));
      }
    }
    const issued = jsonDate(field(a, "publishedAt"), `${id}: publishedAt`, ctx);
    if (issued === null) out.push({ kind: "warning", message: `${id}: no valid publishedAt` });
    out.push({
      kind: "advisory",
      id,
      type: type === "security" || type === "bugfix" || type === "enhancement" ? type : typeFromId(id),
      severity: normalizeSeverity(sev),
      summary: text(field(a, "synopsis")),
      issued,
      updated: null,
      upstreamIds: upstreamIdsIn(fixes.map((f) => `${text(field(f, "sourceLink"))} ${text(field(f, "ticket"))}`)),
      cves: cvesIn(cves),
      packages: dedupe(packages),
    });
  }
  yield out;
}

function dedupe(ps: AdvisoryPackage[]): AdvisoryPackage[] {
  return ps
    .filter((p, i) => ps.findIndex((q) => q.name === p.name && q.evr === p.evr) === i)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.evr < b.evr ? -1 : 1));
}

export const apolloDriver: SourceDriver<AdvisoryRecord> = {
  kind: "rocky-apollo",
  family: "advisories",
  description: "Rocky Linux Apollo errata API JSON",
  parse,
};
