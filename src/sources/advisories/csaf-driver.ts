import { ParseError } from "../../errors/parse-error.js";
import type { AdvisoryPackage, AdvisoryRecord } from "../../model/advisory-record.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { normalizeSeverity, typeFromId } from "./advisory-fields.js";
import { jsonDate, readAdvisoryJson, splitNevra } from "./json-advisories.js";

interface Csaf {
  document?: {
    title?: unknown;
    aggregate_severity?: { text?: unknown };
    tracking?: { id?: unknown; initial_release_date?: unknown; current_release_date?: unknown };
  };
  vulnerabilities?: { cve?: unknown; product_status?: { fixed?: unknown[] } }[];
}

/**
 * A Red Hat CSAF advisory (one RHSA/RHBA/RHEA): document.tracking gives the
 * id and dates, vulnerabilities[] the CVEs and the fixed product ids, whose
 * part after the last ":" product prefix is the package NEVRA.
 * Spec: https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly AdvisoryRecord[]> {
  const doc = (await readAdvisoryJson(chunks, ctx)) as Csaf;
  const tracking = doc?.document?.tracking;
  const id = tracking?.id;
  if (typeof id !== "string" || id === "")
    throw new ParseError(ctx.sourceId, "no document.tracking.id", { file: ctx.file });
  const out: AdvisoryRecord[] = [];
  const packages: AdvisoryPackage[] = [];
  const cves: string[] = [];
  for (const v of doc.vulnerabilities ?? []) {
    if (typeof v.cve === "string") cves.push(v.cve);
    for (const pid of v.product_status?.fixed ?? []) {
      if (typeof pid !== "string") continue;
      // e.g. "AppStream-9.4.0.Z.EUS:thunderbird-0:128.4.0-1.el9_4.x86_64"
      const nevra = pid.slice(pid.indexOf(":") + 1);
      const p = splitNevra(nevra);
      if (p === null || nevra.endsWith(".src")) continue;
      packages.push({ ...p, major: /\.el(\d+)/.exec(p.evr)?.[1] ?? null });
    }
  }
  const issued = jsonDate(tracking?.initial_release_date);
  if (issued === null) out.push({ kind: "warning", message: `${id}: no valid initial_release_date` });
  out.push({
    kind: "advisory",
    id,
    type: typeFromId(id),
    severity: normalizeSeverity(
      typeof doc.document?.aggregate_severity?.text === "string" ? doc.document.aggregate_severity.text : null,
    ),
    summary: typeof doc.document?.title === "string" ? doc.document.title : "",
    issued,
    updated: jsonDate(tracking?.current_release_date),
    upstreamIds: [],
    cves: [...new Set(cves)].sort(),
    packages: packages
      .filter((p, i, all) => all.findIndex((q) => q.name === p.name && q.evr === p.evr) === i)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  });
  yield out;
}

export const csafDriver: SourceDriver<AdvisoryRecord> = {
  kind: "redhat-csaf",
  family: "advisories",
  description: "Red Hat CSAF/VEX advisory JSON",
  parse,
};
