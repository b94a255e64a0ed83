import { decodeXmlText, XmlReferenceError } from "./decode-xml-text.js";

/**
 * Attributes of one start tag as a flat list: name, value, name, value, ...
 * (decoded). A list rather than an object because millions are made per
 * repository and small arrays are far cheaper for V8 than dictionaries.
 */
export type XmlAttributes = readonly string[];

/**
 * The value of attribute `name`, if present.
 *
 * @example
 * getAttribute(["ver", "1.0", "rel", "1.el9"], "rel") // "1.el9"
 */
export function getAttribute(attrs: XmlAttributes | null | undefined, name: string): string | undefined {
  if (attrs === null || attrs === undefined) return undefined;
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) return attrs[i + 1];
  return undefined;
}

/** What an {@link XmlScanner} reports to. Text and attributes are only built when asked for. */
export interface XmlHandler {
  /** Whether the start tag `name` should have its attributes decoded. */
  wantsAttributes(name: string): boolean;
  open(name: string, attributes: XmlAttributes | null, selfClosing: boolean): void;
  close(name: string): void;
  /**
   * Elements whose whole content the handler ignores (dependency lists, for
   * example). The scanner jumps over them with one native search instead of
   * tokenizing every child; see {@link XmlScanner} for when it may not.
   */
  skippable(name: string): boolean;
  /**
   * True when nothing more inside the current element matters to the handler
   * (it has every field it wants from it): the scanner jumps to its end tag.
   */
  readonly skipRest: boolean;
  /** True while the handler wants the text of the current element. */
  readonly capturing: boolean;
  text(decoded: string): void;
}

/** Malformed or refused XML, with the byte offset in the document where it was found. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
  }
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const EQ = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

const PI_END = Buffer.from("?>");

/** Whether bytes [from, to) of `buf` spell `name` (names are read as Latin-1, as everywhere here). */
function sameName(buf: Buffer, from: number, to: number, name: string): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[from + i] !== name.charCodeAt(i)) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameEnd(c: number): boolean {
  return c === GT || c === SLASH || isSpace(c) || c === EQ;
}

/**
 * A streaming, byte-level XML tokenizer built for rpm-md's flat, namespaced
 * documents (primary, repomd, updateinfo). It works on Buffers, never on the
 * whole document, and jumps between `<` with native `indexOf`, which is what
 * makes it several times faster than general-purpose parsers
 * (see ../shared/notes/performance.md).
 *
 * It checks well-formedness where it matters for trust: tags must nest and
 * match, entity references must be predefined or numeric, and a DOCTYPE (and
 * so any entity declaration) is refused outright, so nothing is ever expanded.
 *
 * @example
 * const s = new XmlScanner(handler);
 * for await (const chunk of stream) s.feed(chunk);
 * s.end();
 */
export class XmlScanner {
  private rest: Buffer | null = null;
  private scratch: Buffer = Buffer.alloc(0);
  /** Offset of `rest[0]` in the whole document, for error messages. */
  private base = 0;
  private readonly stack: string[] = [];
  private seenRoot = false;
  private readonly names = new Map<number, string>();
  private readonly skipTags = new Map<string, { close: Buffer }>();
  private rootClosed = false;

  constructor(private readonly handler: XmlHandler) {}

  /** Depth of open elements; 1 inside the root element. */
  get depth(): number {
    return this.stack.length;
  }

  feed(chunk: Uint8Array): void {
    const incoming = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let buf: Buffer;
    if (this.rest === null || this.rest.length === 0) buf = incoming;
    else {
      // The unfinished token and the new chunk are joined in one reused buffer:
      // no new allocation per chunk, so memory stays flat on a 300 MB document.
      const need = this.rest.length + incoming.length;
      if (this.scratch.length < need) {
        const grown = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
        this.rest.copy(grown, 0);
        this.scratch = grown;
      } else if (this.rest.buffer !== this.scratch.buffer || this.rest.byteOffset !== this.scratch.byteOffset) {
        // rest may itself lie inside scratch; copyWithin handles the overlap.
        if (this.rest.buffer === this.scratch.buffer) {
          this.scratch.copyWithin(
            0,
            this.rest.byteOffset - this.scratch.byteOffset,
            this.rest.byteOffset - this.scratch.byteOffset + this.rest.length,
          );
        } else this.rest.copy(this.scratch, 0);
      }
      incoming.copy(this.scratch, this.rest.length);
      buf = this.scratch.subarray(0, need);
    }
    const stop = this.scan(buf);
    this.base += stop;
    this.rest = stop < buf.length ? buf.subarray(stop) : null;
  }

  end(): void {
    const rest = this.rest;
    if (rest !== null && rest.length > 0) {
      if (this.stack.length === 0) this.checkText(rest, 0, rest.length);
      if (rest.indexOf(LT) !== -1) throw new XmlSyntaxError("document ends inside a tag", this.base + rest.indexOf(LT));
    }
    if (!this.seenRoot) throw new XmlSyntaxError("document has no root element", this.base);
    if (this.stack.length > 0) {
      throw new XmlSyntaxError(`document ends inside <${this.stack[this.stack.length - 1]}> (truncated?)`, this.base);
    }
  }

  /** Returns the offset up to which `buf` was consumed. */
  private scan(buf: Buffer): number {
    const h = this.handler;
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      if (h.skipRest) {
        const end = this.skipToEndOf(buf, pos);
        if (end === -1) return pos;
        pos = end;
      }
      const lt = buf.indexOf(LT, pos);
      if (lt === -1) {
        // Text runs past this chunk. Captured text waits for its end (an entity
        // reference may be split); ignored text can be dropped now.
        if (h.capturing || this.stack.length === 0) return pos;
        return len;
      }
      if (lt > pos) {
        if (this.stack.length === 0) this.checkText(buf, pos, lt);
        else if (h.capturing) h.text(this.decode(buf, pos, lt));
      }
      if (lt + 1 >= len) return lt;
      const next = buf[lt + 1];
      if (next === SLASH) {
        const gt = buf.indexOf(GT, lt + 2);
        if (gt === -1) return lt;
        let nameEnd = gt;
        while (nameEnd > lt + 2 && isSpace(buf[nameEnd - 1] as number)) nameEnd--;
        const open = this.stack.pop();
        // Compared byte by byte: no string is made for a matching end tag.
        if (open === undefined || !sameName(buf, lt + 2, nameEnd, open)) {
          const name = buf.toString("latin1", lt + 2, nameEnd);
          throw new XmlSyntaxError(
            open === undefined ? `unexpected </${name}>` : `</${name}> does not close <${open}>`,
            this.base + lt,
          );
        }
        if (this.stack.length === 0) this.rootClosed = true;
        h.close(open);
        pos = gt + 1;
      } else if (next === BANG) {
        const end = this.scanBang(buf, lt);
        if (end === -1) return lt;
        pos = end;
      } else if (next === QMARK) {
        const end = buf.indexOf(PI_END, lt + 2);
        if (end === -1) return lt;
        pos = end + 2;
      } else {
        const end = this.scanStartTag(buf, lt);
        if (end === -1) return lt;
        pos = end;
      }
    }
    return pos;
  }

  private scanBang(buf: Buffer, lt: number): number {
    const h = this.handler;
    if (buf.length < lt + 9) {
      // Not enough bytes to tell a comment from CDATA from a DOCTYPE yet.
      if (buf.indexOf(GT, lt) === -1) return -1;
    }
    if (buf[lt + 2] === 0x2d && buf[lt + 3] === 0x2d) {
      const end = buf.indexOf("-->", lt + 4, "latin1");
      return end === -1 ? -1 : end + 3;
    }
    if (buf.toString("latin1", lt, lt + 9) === "<![CDATA[") {
      const end = buf.indexOf("]]>", lt + 9, "latin1");
      if (end === -1) return -1;
      if (this.stack.length === 0) throw new XmlSyntaxError("CDATA outside the root element", this.base + lt);
      if (h.capturing) h.text(buf.toString("utf8", lt + 9, end));
      return end + 3;
    }
    // <!DOCTYPE or <!ENTITY: refused, so that no entity is ever declared, let alone expanded.
    throw new XmlSyntaxError("DOCTYPE or entity declarations are not allowed in rpm-md", this.base + lt);
  }

  private scanStartTag(buf: Buffer, lt: number): number {
    const len = buf.length;
    let p = lt + 1;
    let hash = 0;
    for (; p < len; p++) {
      const c = buf[p] as number;
      if (isNameEnd(c)) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (p >= len) return -1;
    if (p === lt + 1) throw new XmlSyntaxError("malformed tag", this.base + lt);
    const name = this.intern(buf, lt + 1, p, hash);
    const want = this.handler.wantsAttributes(name);
    const attrs: string[] | null = want ? [] : null;
    for (;;) {
      while (p < len && isSpace(buf[p] as number)) p++;
      if (p >= len) return -1;
      const c = buf[p];
      if (c === GT) {
        if (this.handler.skippable(name)) {
          const end = this.skipElement(buf, name, p + 1);
          if (end === -1) return -1;
          this.openElement(name, attrs, true, lt);
          return end;
        }
        this.openElement(name, attrs, false, lt);
        return p + 1;
      }
      if (c === SLASH) {
        if (p + 1 >= len) return -1;
        if (buf[p + 1] !== GT) throw new XmlSyntaxError(`malformed tag <${name}>`, this.base + p);
        this.openElement(name, attrs, true, lt);
        return p + 2;
      }
      const nameStart = p;
      while (p < len && !isNameEnd(buf[p] as number)) p++;
      const nameEnd = p;
      while (p < len && isSpace(buf[p] as number)) p++;
      if (p >= len) return -1;
      if (buf[p] !== EQ || nameEnd === nameStart)
        throw new XmlSyntaxError(`malformed attribute in <${name}>`, this.base + p);
      p++;
      while (p < len && isSpace(buf[p] as number)) p++;
      if (p >= len) return -1;
      const quote = buf[p];
      if (quote !== DQUOTE && quote !== SQUOTE)
        throw new XmlSyntaxError(`unquoted attribute value in <${name}>`, this.base + p);
      const close = buf.indexOf(quote, p + 1);
      if (close === -1) return -1;
      if (attrs !== null) {
        const attrName = buf.toString("latin1", nameStart, nameEnd);
        if (getAttribute(attrs, attrName) !== undefined) {
          throw new XmlSyntaxError(`duplicate attribute ${attrName} in <${name}>`, this.base + nameStart);
        }
        const raw = buf.toString("utf8", p + 1, close);
        if (raw.includes("<")) throw new XmlSyntaxError(`"<" in attribute ${attrName} of <${name}>`, this.base + p);
        attrs.push(attrName, this.decodeString(raw, p));
      }
      p = close + 1;
    }
  }

  /**
   * Finds the end of an ignored element's content with one native search for
   * its end tag (`<` cannot occur in attribute values, so only markup can spell
   * it early). Returns -1 when the end tag is not in this chunk yet.
   */
  private skipElement(buf: Buffer, name: string, from: number): number {
    let tags = this.skipTags.get(name);
    if (tags === undefined) {
      tags = { close: Buffer.from(`</${name}>`, "latin1") };
      this.skipTags.set(name, tags);
    }
    const end = buf.indexOf(tags.close, from);
    if (end === -1) return -1;
    // A comment, CDATA or PI that spells this end tag, or a nested element of the
    // same name, would stop the search early; the real end tag is then left
    // unmatched and the document refused. Odd documents are refused, never misread.
    return end + tags.close.length;
  }

  /**
   * Where the end tag of the innermost open element starts, searching from
   * `from`; -1 when it is not in this chunk.
   */
  private skipToEndOf(buf: Buffer, from: number): number {
    const name = this.stack[this.stack.length - 1];
    if (name === undefined) return from;
    let tags = this.skipTags.get(name);
    if (tags === undefined) {
      tags = { close: Buffer.from(`</${name}>`, "latin1") };
      this.skipTags.set(name, tags);
    }
    const end = buf.indexOf(tags.close, from);
    // As in skipElement: an early stop leaves an unmatched end tag, which is refused.
    return end;
  }

  /** Tag names are few; each is made into a string once, not once per tag. */
  private intern(buf: Buffer, from: number, to: number, hash: number): string {
    const key = (hash ^ (to - from)) >>> 0;
    const known = this.names.get(key);
    if (known !== undefined && sameName(buf, from, to, known)) return known;
    const name = buf.toString("latin1", from, to);
    if (this.names.size < 4096) this.names.set(key, name);
    return name;
  }

  private openElement(name: string, attrs: XmlAttributes | null, selfClosing: boolean, at: number): void {
    if (this.stack.length === 0) {
      if (this.seenRoot) throw new XmlSyntaxError(`second root element <${name}>`, this.base + at);
      this.seenRoot = true;
    }
    if (!selfClosing) this.stack.push(name);
    this.handler.open(name, attrs, selfClosing);
    if (selfClosing) this.handler.close(name);
  }

  private decode(buf: Buffer, from: number, to: number): string {
    return this.decodeString(buf.toString("utf8", from, to), from);
  }

  private decodeString(raw: string, at: number): string {
    try {
      return decodeXmlText(raw);
    } catch (e) {
      if (e instanceof XmlReferenceError) throw new XmlSyntaxError(e.message, this.base + at);
      throw e;
    }
  }

  /** Only whitespace may stand outside the root element. */
  private checkText(buf: Buffer, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (!isSpace(buf[i] as number)) {
        const where = this.rootClosed ? "after" : "before";
        throw new XmlSyntaxError(`text ${where} the root element`, this.base + i);
      }
    }
  }
}
