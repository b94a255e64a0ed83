import { ParseError } from "../../errors/parse-error.js";
import type { AdvisoryPackage, AdvisoryRecord } from "../../model/advisory-record.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { normalizeSeverity, typeFromId } from "./advisory-fields.js";
import { jsonDate } from "../json-date.js";
import { field, listField, objectField, readAdvisoryJson, splitNevra } from "./json-advisories.js";

interface Csaf {
  document?: {
    title?: unknown;
    aggregate_severity?: { text?: unknown };
    tracking?: { id?: unknown; initial_release_date?: unknown; current_release_date?: unknown };
  };
}

/**
 * A RHEL product stream as Red Hat's CSAF product ids name it: repository, then the minor's
 * three-part version, then GA (the minor's first batch) or Z and the z-stream's flavours
 * (`BaseOS-9.4.0.Z.MAIN.EUS`, `AppStream-9.4.0.GA`, `CRB-9.2.0.Z.EUS`). Layered products
 * (`9Base-RHOSE-4.16`, `8Base-Satellite-6.15`) do not have this shape and give no release.
 */
const RHEL_STREAM = /^([A-Za-z][A-Za-z0-9_-]*?)-((\d+)\.(\d+)\.\d+\.(?:GA|Z(?:\.[A-Z0-9_]+)*))$/;

/**
 * One fixed product id as a package: `<product>:<name>-<epoch>:<version>-<release>.<arch>`,
 * a module build's RPM followed by `::<module>:<stream>`. Ids that name no RPM (module
 * products, container images) give null.
 */
function packageOf(pid: string): AdvisoryPackage | null {
  const colon = pid.indexOf(":");
  if (colon <= 0) return null;
  const product = pid.slice(0, colon);
  const rest = pid.slice(colon + 1);
  const moduleAt = rest.indexOf("::");
  const nevra = moduleAt < 0 ? rest : rest.slice(0, moduleAt);
  const p = splitNevra(nevra);
  if (p === null || p.arch === null) return null;
  const major = /\.el(\d+)/.exec(p.evr)?.[1] ?? null;
  const s = RHEL_STREAM.exec(product);
  // The stream's major must be the build's: a layered product's own version is no RHEL release.
  const rhel = s !== null && s[3] === major;
  return {
    name: p.name,
    evr: p.evr,
    major,
    arch: p.arch,
    stream: rhel ? (s[2] ?? null) : product,
    repository: rhel ? (s[1] ?? null) : null,
    release: rhel ? `${s[3]}.${s[4]}` : null,
  };
}

const key = (p: AdvisoryPackage): string => [p.name, p.evr, p.arch, p.repository, p.stream].join("\u0000");

/**
 * A Red Hat CSAF advisory (one RHSA/RHBA/RHEA, as published under
 * https://security.access.redhat.com/data/csaf/v2/advisories/): document.tracking gives the
 * id and dates, vulnerabilities[].product_status.fixed the fixed product ids, each a product
 * stream and a package NEVRA. Every entry is kept with its arch and stream, `.src` ones too:
 * a source entry names the upstream source build directly, whether or not binaries are listed.
 * Spec: https://docs.oasis-open.org/csaf/csaf/v2.0/csaf-v2.0.html (3.2.3.3 product_status);
 * Red Hat's product ids: https://redhatproductsecurity.github.io/security-data-guidelines/csaf-vex/
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly AdvisoryRecord[]> {
  const doc = (await readAdvisoryJson(chunks, ctx)) as Csaf;
  const tracking = doc?.document?.tracking;
  const id = tracking?.id;
  if (typeof id !== "string" || id === "")
    throw new ParseError(ctx.sourceId, "no document.tracking.id", { file: ctx.file });
  const out: AdvisoryRecord[] = [];
  const packages = new Map<string, AdvisoryPackage>();
  const cves: string[] = [];
  // Checked as they are read: "vulnerabilities": 5 or "fixed": 5 is a ParseError naming the field.
  for (const v of listField(doc, "vulnerabilities", ctx, id)) {
    const cve = field(v, "cve");
    if (typeof cve === "string") cves.push(cve);
    for (const pid of listField(objectField(v, "product_status", ctx, id), "fixed", ctx, id)) {
      const p = typeof pid === "string" ? packageOf(pid) : null;
      if (p !== null && !packages.has(key(p))) packages.set(key(p), p);
    }
  }
  const issued = jsonDate(tracking?.initial_release_date, `${id}: document.tracking.initial_release_date`, ctx);
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
    updated: jsonDate(tracking?.current_release_date, `${id}: document.tracking.current_release_date`, ctx),
    upstreamIds: [],
    cves: [...new Set(cves)].sort(),
    packages: [...packages.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
  });
  yield out;
}

export const csafDriver: SourceDriver<AdvisoryRecord> = {
  kind: "redhat-csaf",
  family: "advisories",
  description: "Red Hat CSAF/VEX advisory JSON",
  parse,
};
