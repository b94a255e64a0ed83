import { ParseError } from "../../errors/parse-error.js";
import { checkLocation } from "./check-location.js";
import type { ParseContext } from "../source-driver.js";
import type { PackageRecord } from "../../model/package-record.js";
import { getAttribute, type XmlAttributes, type XmlHandler, XmlScanner, XmlSyntaxError } from "./xml-scanner.js";

type Field =
  | "name"
  | "arch"
  | "checksum"
  | "summary"
  | "url"
  | "packager"
  | "license"
  | "vendor"
  | "group"
  | "buildhost"
  | "sourcerpm";

// Maps, not objects: element names come from the input, and `<constructor>` must not find Object's.
const PACKAGE_FIELDS: ReadonlyMap<string, Field> = new Map<string, Field>([
  ["name", "name"],
  ["arch", "arch"],
  ["checksum", "checksum"],
  ["summary", "summary"],
  ["url", "url"],
  ["packager", "packager"],
]);

// Children of <format>; the `rpm:` prefix is what every rpm-md writer uses.
const FORMAT_FIELDS: ReadonlyMap<string, Field> = new Map<string, Field>([
  ["rpm:license", "license"],
  ["rpm:vendor", "vendor"],
  ["rpm:group", "group"],
  ["rpm:buildhost", "buildhost"],
  ["rpm:sourcerpm", "sourcerpm"],
]);

// Dependency lists are most of primary.xml's bytes and none of what is stored.
const SKIPPABLE = new Set([
  "rpm:provides",
  "rpm:requires",
  "rpm:conflicts",
  "rpm:obsoletes",
  "rpm:recommends",
  "rpm:suggests",
  "rpm:supplements",
  "rpm:enhances",
]);

const FORMAT_FIELD_COUNT = FORMAT_FIELDS.size;

const ATTRIBUTE_ELEMENTS = new Set(["metadata", "version", "checksum", "time", "size", "location"]);

interface Draft {
  text: Partial<Record<Field, string>>;
  version?: XmlAttributes;
  checksumType?: string;
  time?: XmlAttributes;
  size?: XmlAttributes;
  location?: XmlAttributes;
}

class PrimaryHandler implements XmlHandler {
  capturing = false;
  declared: number | null = null;
  count = 0;
  readonly out: PackageRecord[] = [];
  private depth = 0;
  private field: Field | null = null;
  private buffer = "";
  private draft: Draft | null = null;
  private inFormat = false;
  private formatFields = 0;

  /** Inside <format>, once every field kept from it is read, its file and dependency lists are jumped over. */
  get skipRest(): boolean {
    return this.inFormat && this.depth === 3 && this.formatFields === FORMAT_FIELD_COUNT;
  }

  skippable(name: string): boolean {
    return this.inFormat && this.depth === 3 && SKIPPABLE.has(name);
  }

  wantsAttributes(name: string): boolean {
    const depth = this.depth + 1;
    return (depth === 1 || depth === 3) && ATTRIBUTE_ELEMENTS.has(name);
  }

  open(name: string, attrs: XmlAttributes | null): void {
    const depth = ++this.depth;
    if (depth === 1) {
      if (name !== "metadata") throw new XmlSyntaxError(`root element is <${name}>, expected <metadata>`);
      const declared = getAttribute(attrs, "packages");
      if (declared !== undefined) this.declared = toInt(declared, "metadata packages");
      return;
    }
    if (depth === 2) {
      if (name === "package") this.draft = { text: {} };
      return;
    }
    const draft = this.draft;
    if (draft === null) return;
    if (depth === 3) {
      if (name === "format") {
        this.inFormat = true;
        this.formatFields = 0;
      } else if (attrs !== null) {
        if (name === "checksum") draft.checksumType = getAttribute(attrs, "type") ?? "";
        else draft[name as "version" | "time" | "size" | "location"] = attrs;
      }
      const field = PACKAGE_FIELDS.get(name);
      if (field !== undefined) this.capture(field);
    } else if (depth === 4 && this.inFormat) {
      const field = FORMAT_FIELDS.get(name);
      if (field !== undefined) {
        this.capture(field);
        this.formatFields++;
      }
    }
  }

  close(name: string): void {
    const depth = this.depth--;
    if (this.field !== null) {
      if (this.draft !== null) this.draft.text[this.field] = this.buffer;
      this.field = null;
      this.capturing = false;
      this.buffer = "";
    }
    if (depth === 3 && name === "format") this.inFormat = false;
    if (depth === 2 && name === "package" && this.draft !== null) {
      const draft = this.draft;
      // Cleared first: finish's own errors name the package already.
      this.draft = null;
      this.out.push(finish(draft));
      this.count++;
    }
  }

  text(decoded: string): void {
    this.buffer += decoded;
  }

  /** Where in the document an error was found: the package being read and its field, if any. */
  where(): string {
    if (this.draft === null) return "";
    const name = this.draft.text.name;
    const pkg = name === undefined || name === "" ? `package ${this.count + 1}` : `package ${name}`;
    return ` in ${pkg}${this.field === null ? "" : `, field ${this.field}`}`;
  }

  private capture(field: Field): void {
    this.field = field;
    this.capturing = true;
    this.buffer = "";
  }
}

/** rpm keeps an epoch in a 32-bit header tag (RPMTAG_EPOCH), so nothing larger is a real one. */
const MAX_EPOCH = 0xffffffff;

function atByte(offset: number | undefined): string {
  return offset === undefined ? "" : ` (at byte ${offset})`;
}

/**
 * A count, size, time or epoch: digits only, and no larger than `max`, so a
 * value is never negative nor silently rounded (2^53 + 1 would read as 2^53).
 */
function toInt(value: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  // Almost every value is bare digits, told apart without a regular expression.
  if (isDigits(value)) {
    const n = Number.parseInt(value, 10);
    if (n <= max) return n;
  }
  const t = value.trim();
  const n = /^[0-9]{1,16}$/.test(t) ? Number.parseInt(t, 10) : Number.NaN;
  if (!(n <= max)) throw new XmlSyntaxError(`${what} is not an integer from 0 to ${max}: "${value}"`);
  return n;
}

function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 16) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function optionalInt(attrs: XmlAttributes | undefined, key: string, what: string, max?: number): number | null {
  const v = getAttribute(attrs, key);
  return v === undefined || v === "" ? null : toInt(v, what, max);
}

function orNull(v: string | undefined): string | null {
  return v === undefined || v === "" ? null : v;
}

function finish(d: Draft): PackageRecord {
  const name = d.text.name;
  if (name === undefined || name === "") throw new XmlSyntaxError("package without <name>");
  const what = `package ${name}`;
  const arch = d.text.arch;
  if (arch === undefined || arch === "") throw new XmlSyntaxError(`${what} has no <arch>`);
  const ver = getAttribute(d.version, "ver");
  const rel = getAttribute(d.version, "rel");
  if (ver === undefined || rel === undefined) throw new XmlSyntaxError(`${what} has no <version ver rel>`);
  const checksum = d.text.checksum;
  if (checksum === undefined || checksum === "") throw new XmlSyntaxError(`${what} has no <checksum>`);
  const href = getAttribute(d.location, "href");
  if (href === undefined) throw new XmlSyntaxError(`${what} has no <location href>`);
  const bad = checkLocation(href, getAttribute(d.location, "xml:base"));
  if (bad !== null) throw new XmlSyntaxError(`${what}: location "${href}" ${bad}`);
  return {
    name,
    epoch: optionalInt(d.version, "epoch", `${what} epoch`, MAX_EPOCH) ?? 0,
    version: ver,
    release: rel,
    arch,
    checksumType: d.checksumType ?? "",
    checksum,
    summary: d.text.summary ?? "",
    url: orNull(d.text.url),
    packager: orNull(d.text.packager),
    license: orNull(d.text.license),
    vendor: orNull(d.text.vendor),
    group: orNull(d.text.group),
    buildhost: orNull(d.text.buildhost),
    sourcerpm: orNull(d.text.sourcerpm),
    location: href,
    fileTime: optionalInt(d.time, "file", `${what} time file`),
    buildTime: optionalInt(d.time, "build", `${what} time build`),
    packageSize: optionalInt(d.size, "package", `${what} size package`),
    installedSize: optionalInt(d.size, "installed", `${what} size installed`),
  };
}

/**
 * Parses an uncompressed primary.xml stream into batches of packages, holding
 * only one chunk and one batch in memory. Pure: no I/O but the input.
 *
 * @example
 * for await (const batch of parsePrimary(fs.createReadStream("primary.xml"), { sourceId: "t", file: "primary.xml" })) {
 *   console.log(batch.length);
 * }
 */
export async function* parsePrimary(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncGenerator<readonly PackageRecord[], void, undefined> {
  const handler = new PrimaryHandler();
  const scanner = new XmlScanner(handler);
  try {
    for await (const chunk of chunks) {
      scanner.feed(chunk);
      if (handler.out.length > 0) yield handler.out.splice(0, handler.out.length);
    }
    scanner.end();
  } catch (e) {
    if (e instanceof XmlSyntaxError)
      throw new ParseError(ctx.sourceId, `${e.problem}${handler.where()}${atByte(e.offset)}`, {
        file: ctx.file,
        cause: e,
      });
    throw e;
  }
  if (handler.out.length > 0) yield handler.out.splice(0, handler.out.length);
  if (handler.declared !== null && handler.declared !== handler.count) {
    throw new ParseError(ctx.sourceId, `declares ${handler.declared} packages but contains ${handler.count}`, {
      file: ctx.file,
    });
  }
}
