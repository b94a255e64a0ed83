import { ParseError } from "../../errors/parse-error.js";
import { type AdvisoryPackage, type AdvisoryRecord, plainPackage } from "../../model/advisory-record.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { cvesIn, normalizeSeverity, typeFromId, upstreamIdsIn } from "./advisory-fields.js";
import { jsonDate } from "../json-date.js";
import { field, listField, objectField, readAdvisoryJson, text } from "./json-advisories.js";

/**
 * AlmaLinux's errata.json (errata.almalinux.org/N/errata.json): a list of
 * updateinfo-like objects — id, type, title, severity, issued_date and
 * updated_date (ISO text or {"$date": ms}), references[{id, href, type}],
 * pkglist.packages[{name, epoch, version, release, arch}].
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly AdvisoryRecord[]> {
  const doc = await readAdvisoryJson(chunks, ctx);
  const list = Array.isArray(doc) ? doc : field(doc, "data");
  if (!Array.isArray(list)) throw new ParseError(ctx.sourceId, "not a list of advisories", { file: ctx.file });
  const out: AdvisoryRecord[] = [];
  for (const a of list as unknown[]) {
    const id = field(a, "id") ?? field(a, "updateinfoId");
    if (typeof id !== "string" || id === "") {
      out.push({ kind: "warning", message: "an advisory without an id; skipped" });
      continue;
    }
    const refs = listField(a, "references", ctx, id).map((r) => `${text(field(r, "id"))} ${text(field(r, "href"))}`);
    // pkglist is one collection or a list of them, each with its packages.
    const pkglist = field(a, "pkglist");
    const pk = Array.isArray(pkglist)
      ? pkglist.flatMap((p) => listField(p, "packages", ctx, id))
      : listField(objectField(a, "pkglist", ctx, id), "packages", ctx, id);
    const packages: AdvisoryPackage[] = pk
      .filter((p) => field(p, "arch") !== "src")
      .map((p) => {
        const epoch = text(field(p, "epoch"));
        const release = text(field(p, "release"));
        return plainPackage(
          text(field(p, "name")),
          `${epoch !== "0" && epoch !== "" ? `${epoch}:` : ""}${text(field(p, "version"))}-${release}`,
          /\.el(\d+)/.exec(release)?.[1] ?? null,
        );
      })
      .filter((p, i, all) => all.findIndex((q) => q.name === p.name && q.evr === p.evr) === i)
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const title = text(field(a, "title"));
    const type = text(field(a, "type"));
    const issued = jsonDate(field(a, "issuedDate"), `${id}: issued_date`, ctx);
    if (issued === null) out.push({ kind: "warning", message: `${id}: no valid issued_date` });
    out.push({
      kind: "advisory",
      id,
      type: type === "security" || type === "bugfix" || type === "enhancement" ? type : typeFromId(id),
      severity: normalizeSeverity(text(field(a, "severity"))) ?? normalizeSeverity(/^(\w+):/.exec(title)?.[1]),
      summary: title,
      issued,
      updated: jsonDate(field(a, "updatedDate"), `${id}: updated_date`, ctx),
      upstreamIds: upstreamIdsIn(refs),
      cves: cvesIn(refs),
      packages,
    });
  }
  yield out;
}

export const almalinuxErrataDriver: SourceDriver<AdvisoryRecord> = {
  kind: "almalinux-errata",
  family: "advisories",
  description: "AlmaLinux errata.json",
  parse,
};
