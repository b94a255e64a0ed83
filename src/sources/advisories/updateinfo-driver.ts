import { ParseError } from "../../errors/parse-error.js";
import { type AdvisoryPackage, type AdvisoryRecord, plainPackage } from "../../model/advisory-record.js";
import {
  type XmlAttributes,
  type XmlHandler,
  XmlScanner,
  XmlSyntaxError,
  getAttribute,
  MAX_TEXT_BYTES,
} from "../rpm-md/xml-scanner.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { cvesIn, normalizeSeverity, typeFromId, upstreamIdsIn } from "./advisory-fields.js";

/** Elements kept from one <update>; the largest real ones (kernel advisories) have a few thousand. */
const MAX_UPDATE_ELEMENTS = 200_000;

interface Node {
  readonly name: string;
  readonly attrs: XmlAttributes;
  readonly children: Node[];
  text: string;
}

/** Builds one small tree per <update>, so a 100 MB updateinfo.xml never sits in memory whole. */
class UpdateinfoHandler implements XmlHandler {
  readonly skipRest = false;
  readonly out: AdvisoryRecord[] = [];
  private stack: Node[] = [];
  private depth = 0;
  /** Elements in the current <update>: one update's tree is bounded, not only the scanner's tokens. */
  private nodes = 0;
  private chars = 0;

  get capturing(): boolean {
    return this.stack.length > 0;
  }

  wantsAttributes(): boolean {
    return this.depth >= 1;
  }

  skippable(name: string): boolean {
    return name === "description" || name === "rights" || name === "solution";
  }

  open(name: string, attrs: XmlAttributes | null): void {
    this.depth++;
    if (this.depth === 1) {
      if (name !== "updates") throw new XmlSyntaxError(`root element is <${name}>, expected <updates>`);
      return;
    }
    if (this.depth === 2 && name !== "update") return;
    if (this.depth === 2) {
      this.nodes = 0;
      this.chars = 0;
    }
    if (++this.nodes > MAX_UPDATE_ELEMENTS) {
      throw new XmlSyntaxError(`an <update> with more than ${MAX_UPDATE_ELEMENTS} elements is too large`);
    }
    this.stack.push({ name, attrs: attrs ?? [], children: [], text: "" });
  }

  close(): void {
    this.depth--;
    const node = this.stack.pop();
    if (node === undefined) return;
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) parent.children.push(node);
    else this.out.push(...toRecords(node));
  }

  text(decoded: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return;
    this.chars += decoded.length;
    if (this.chars > MAX_TEXT_BYTES) {
      throw new XmlSyntaxError(`the text of an <update> is too large (over the ${MAX_TEXT_BYTES >> 20} MiB limit)`);
    }
    top.text += decoded;
  }
}

function child(n: Node, name: string): Node | undefined {
  return n.children.find((c) => c.name === name);
}

/** Every descendant named `name`, in document order; a loop, not recursion, so no input sets the call depth. */
function all(n: Node, name: string): Node[] {
  const out: Node[] = [];
  const todo: Node[] = [...n.children].reverse();
  for (let x = todo.pop(); x !== undefined; x = todo.pop()) {
    if (x.name === name) out.push(x);
    for (let i = x.children.length - 1; i >= 0; i--) todo.push(x.children[i] as Node);
  }
  return out;
}

/** updateinfo dates are "2024-05-06 00:00:00", "2024-05-06", or Unix seconds. */
function date(v: string | undefined): string | null {
  if (v === undefined || v.trim() === "") return null;
  const t = v.trim();
  if (/^\d{9,11}$/.test(t)) return new Date(Number(t) * 1000).toISOString();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/.exec(t);
  if (m === null) return null;
  const ms = Date.parse(`${m[1]}T${m[2] ?? "00:00:00"}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The record of one <update>, preceded by a warning when its severity is none Red Hat uses. */
function toRecords(u: Node): AdvisoryRecord[] {
  const r = toRecord(u);
  const raw = child(u, "severity")?.text.trim();
  if (r.kind === "advisory" && raw !== undefined && raw !== "" && raw.toLowerCase() !== "none" && r.severity === null) {
    return [{ kind: "warning", message: `${r.id}: unknown severity "${raw}"; kept without one` }, r];
  }
  return [r];
}

function toRecord(u: Node): AdvisoryRecord {
  const id = child(u, "id")?.text.trim() ?? "";
  if (id === "") return { kind: "warning", message: "an <update> without an <id>; skipped" };
  const refs = all(u, "reference").map(
    (r) => `${getAttribute(r.attrs, "id") ?? ""} ${getAttribute(r.attrs, "href") ?? ""}`,
  );
  const title = child(u, "title")?.text.trim() ?? "";
  const packages: AdvisoryPackage[] = all(u, "package").map((p) => {
    const epoch = getAttribute(p.attrs, "epoch");
    const evr = `${epoch !== undefined && epoch !== "0" && epoch !== "" ? `${epoch}:` : ""}${getAttribute(p.attrs, "version") ?? ""}-${getAttribute(p.attrs, "release") ?? ""}`;
    const major = /\.el(\d+)/.exec(getAttribute(p.attrs, "release") ?? "")?.[1] ?? null;
    return plainPackage(getAttribute(p.attrs, "name") ?? "", evr, major);
  });
  const rawType = getAttribute(u.attrs, "type");
  const type = rawType === "security" || rawType === "bugfix" || rawType === "enhancement" ? rawType : typeFromId(id);
  const issuedRaw = getAttribute(child(u, "issued")?.attrs, "date");
  return {
    kind: "advisory",
    id,
    type,
    severity: normalizeSeverity(child(u, "severity")?.text) ?? normalizeSeverity(/^(\w+):/.exec(title)?.[1]),
    summary: title,
    issued: date(issuedRaw),
    updated: date(getAttribute(child(u, "updated")?.attrs, "date")),
    upstreamIds: upstreamIdsIn([id.startsWith("RH") ? "" : id, ...refs]).filter((x) => x !== id),
    cves: cvesIn(refs),
    packages: packages
      .filter((p, i, a) => a.findIndex((q) => q.name === p.name && q.evr === p.evr) === i)
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
  };
}

/**
 * rpm-md updateinfo.xml: a repository's advisories, streamed one <update> at a time.
 * Format: https://github.com/rpm-software-management/createrepo_c/blob/master/src/xml_dump_updateinfo.c
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly AdvisoryRecord[]> {
  const handler = new UpdateinfoHandler();
  const scanner = new XmlScanner(handler);
  try {
    for await (const c of chunks) {
      scanner.feed(c);
      if (handler.out.length > 0) yield handler.out.splice(0);
    }
    scanner.end();
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new ParseError(ctx.sourceId, e.message, { file: ctx.file, cause: e });
    throw e;
  }
  if (handler.out.length > 0) yield handler.out.splice(0);
}

export const updateinfoDriver: SourceDriver<AdvisoryRecord> = {
  kind: "rpm-md-updateinfo",
  family: "advisories",
  description: "rpm-md updateinfo.xml (a repository's advisories)",
  parse,
};
