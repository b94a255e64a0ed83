import { isUtf8 } from "node:buffer";
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
    /** The problem alone, without the offset, for callers that add where it was. */
    readonly problem: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? problem : `${problem} (at byte ${offset})`);
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
const AMP = 0x26;

const PI_END = Buffer.from("?>");
const COMMENT_END = Buffer.from("-->");
const CDATA_END = Buffer.from("]]>");
const LT_BYTE = Buffer.from("<");
const GT_BYTE = Buffer.from(">");

/**
 * Largest start or end tag, attributes included: rpm-md's longest are a few
 * hundred bytes (a location href), so 1 MiB is generous, and it bounds the
 * bytes re-read when a tag is split across chunks.
 */
export const MAX_TAG_BYTES = 1 << 20;

/**
 * Largest text (or CDATA) kept from one element: a summary, a name, an
 * advisory title. Text that is not kept (descriptions, dependency lists,
 * comments) is skipped without being held at all, whatever its size.
 */
export const MAX_TEXT_BYTES = 16 << 20;

/** Deepest nesting of elements; rpm-md documents are six deep at most. */
export const MAX_DEPTH = 256;

/**
 * Characters XML 1.0 refuses in a document (the Char production,
 * https://www.w3.org/TR/xml/#charsets), plus U+FFFD, which is what Node makes
 * of invalid UTF-8 and so needs a second look at the bytes.
 */
// eslint-disable-next-line no-control-regex
const NOT_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd\ufffe\uffff]/;

/** A region the scanner jumps over until `close`, holding none of it but a possible split `close`. */
interface Skip {
  readonly close: Buffer;
  /** Whether scanning resumes after `close` (a comment) or at it (an end tag still to be read). */
  readonly consume: boolean;
  /** What is being skipped, for "document ends inside ..." */
  readonly what: string;
}

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
 * Bytes that may stand in kept text or a value as they are: printable ASCII but `&` and `<`.
 * A run of only these needs no decoding, no character check and no UTF-8 decoder.
 */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === AMP || c === LT ? 0 : 1;

function isPlain(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (PLAIN[buf[i] as number] === 0) return false;
  return true;
}

/**
 * The next `<` at or after `from`, or -1. The usual gap between tags is a line break and
 * some indentation, found faster by hand than by a native call; longer text is searched natively.
 */
function nextLt(buf: Buffer, from: number, len: number): number {
  const stop = Math.min(len, from + 24);
  for (let i = from; i < stop; i++) if (buf[i] === LT) return i;
  return stop === len ? -1 : buf.indexOf(LT, stop);
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
 * Hostile sizes cost linear time and bounded memory: no byte is searched twice
 * across chunks, skipped regions are never held, and a kept token past
 * {@link MAX_TAG_BYTES} or {@link MAX_TEXT_BYTES}, or nesting past
 * {@link MAX_DEPTH}, is refused as too large.
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
  /** Per element name, its skips: to after its end tag (its whole content) and to its end tag (the rest). */
  private readonly skipTags = new Map<string, { readonly whole: Skip; readonly rest: Skip }>();
  private rootClosed = false;
  private bomChecked = false;
  /** The region being jumped over across chunks, if any. */
  private skipping: Skip | null = null;
  /**
   * The unfinished token at the start of the held bytes cannot end before
   * `waitFor` appears at document offset `waitFrom` or later: the next chunk is
   * searched from there, so no byte is searched twice (-1: not waiting).
   */
  private waitFrom = -1;
  private waitFor: Buffer = LT_BYTE;
  private waitLimit = 0;
  private waitWhat = "";
  /** Bytes of text given to the handler since the innermost element opened or closed. */
  private textBytes = 0;

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
    if (this.skipping !== null) {
      throw new XmlSyntaxError(`document ends inside ${this.skipping.what} (truncated?)`, this.base);
    }
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
    if (!this.bomChecked) {
      // A UTF-8 byte order mark may open the document (https://www.w3.org/TR/xml/#charencoding).
      if (len < 3 && buf[0] === 0xef) return 0;
      this.bomChecked = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    if (this.waitFrom !== -1) {
      // The held token was searched up to waitFrom already: only the new bytes can end it.
      if (buf.indexOf(this.waitFor, Math.max(0, this.waitFrom - this.base)) === -1) {
        return this.stillWaiting(buf);
      }
      this.waitFrom = -1;
    }
    while (pos < len) {
      const skip = this.skipping;
      if (skip !== null) {
        const end = buf.indexOf(skip.close, pos);
        // Nothing of a skipped region is held but the bytes that may begin its end.
        if (end === -1) return Math.max(pos, len - skip.close.length + 1);
        this.skipping = null;
        pos = skip.consume ? end + skip.close.length : end;
        continue;
      }
      if (h.skipRest) {
        const name = this.stack[this.stack.length - 1];
        if (name !== undefined) {
          const rest = this.skipsOf(name).rest;
          const end = buf.indexOf(rest.close, pos);
          if (end === -1) {
            this.skipping = rest;
            return Math.max(pos, len - rest.close.length + 1);
          }
          pos = end;
        }
      }
      const lt = nextLt(buf, pos, len);
      if (lt === -1) {
        // Text runs past this chunk. Captured text waits for its end (an entity
        // reference may be split); ignored text can be dropped now.
        if (this.stack.length === 0) {
          this.checkText(buf, pos, len);
          return len;
        }
        if (h.capturing) return this.wait(buf, LT_BYTE, pos, MAX_TEXT_BYTES - this.textBytes, this.textWhat());
        return len;
      }
      if (lt > pos) {
        if (this.stack.length === 0) this.checkText(buf, pos, lt);
        else if (h.capturing) {
          this.count(lt - pos, pos);
          h.text(isPlain(buf, pos, lt) ? buf.toString("latin1", pos, lt) : this.decode(buf, pos, lt));
        }
      }
      if (lt + 1 >= len) return lt;
      const next = buf[lt + 1];
      if (next === SLASH) {
        const open = this.stack[this.stack.length - 1];
        // The end tag that closes the open element, with no space before its ">", is the
        // usual one: checked in place, byte by byte, without searching for the ">".
        let gt = -1;
        if (open !== undefined) {
          const at = lt + 2 + open.length;
          if (at < len && buf[at] === GT && sameName(buf, lt + 2, at, open)) gt = at;
        }
        if (gt === -1) {
          gt = buf.indexOf(GT, lt + 2);
          if (gt === -1) return this.wait(buf, GT_BYTE, lt, MAX_TAG_BYTES, "an end tag");
        }
        let nameEnd = gt;
        while (nameEnd > lt + 2 && isSpace(buf[nameEnd - 1] as number)) nameEnd--;
        this.stack.pop();
        // Compared byte by byte: no string is made for a matching end tag.
        if (open === undefined || !sameName(buf, lt + 2, nameEnd, open)) {
          const name = buf.toString("latin1", lt + 2, nameEnd);
          throw new XmlSyntaxError(
            open === undefined ? `unexpected </${name}>` : `</${name}> does not close <${open}>`,
            this.base + lt,
          );
        }
        if (this.stack.length === 0) this.rootClosed = true;
        this.textBytes = 0;
        h.close(open);
        pos = gt + 1;
      } else if (next === BANG) {
        const end = this.scanBang(buf, lt);
        if (end === -1) return lt;
        pos = end;
      } else if (next === QMARK) {
        this.skipping = { close: PI_END, consume: true, what: "a processing instruction" };
        pos = lt + 2;
      } else {
        const end = this.scanStartTag(buf, lt);
        if (end === -1) {
          // The tag's ">" is in bytes still to come, not in those read (which may hold one inside a value).
          return this.wait(buf, GT_BYTE, lt, MAX_TAG_BYTES, "a start tag");
        }
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
      this.skipping = { close: COMMENT_END, consume: true, what: "a comment" };
      return lt + 4;
    }
    if (buf.toString("latin1", lt, lt + 9) === "<![CDATA[") {
      if (this.stack.length === 0) throw new XmlSyntaxError("CDATA outside the root element", this.base + lt);
      if (!h.capturing) {
        this.skipping = { close: CDATA_END, consume: true, what: "a CDATA section" };
        return lt + 9;
      }
      const end = buf.indexOf(CDATA_END, lt + 9);
      if (end === -1) {
        this.wait(buf, CDATA_END, lt, MAX_TEXT_BYTES - this.textBytes, this.textWhat());
        return -1;
      }
      this.count(end - lt - 9, lt);
      h.text(this.checkChars(buf, lt + 9, end, buf.toString("utf8", lt + 9, end)));
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
          // Its content is jumped over with native searches for its end tag, never held
          // (`<` cannot occur in attribute values, so only markup can spell it early).
          this.openElement(name, attrs, true, lt);
          this.skipping = this.skipsOf(name).whole;
          return p + 1;
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
      let attrHash = 0;
      for (; p < len; p++) {
        const a = buf[p] as number;
        if (isNameEnd(a)) break;
        attrHash = (Math.imul(attrHash, 31) + a) | 0;
      }
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
      // Values are short: their end is found by hand, in the same pass that tells a plain one.
      let close = p + 1;
      let plain = true;
      for (; close < len; close++) {
        const b = buf[close] as number;
        if (b === quote) break;
        if (PLAIN[b] === 0) plain = false;
      }
      if (close >= len) return -1;
      if (attrs !== null) {
        // Interned like tag names: a primary.xml has a dozen attribute names, repeated per package.
        const attrName = this.intern(buf, nameStart, nameEnd, attrHash);
        if (getAttribute(attrs, attrName) !== undefined) {
          throw new XmlSyntaxError(`duplicate attribute ${attrName} in <${name}>`, this.base + nameStart);
        }
        if (plain) {
          attrs.push(attrName, buf.toString("latin1", p + 1, close));
          p = close + 1;
          continue;
        }
        const raw = buf.toString("utf8", p + 1, close);
        this.checkChars(buf, p + 1, close, raw, attrName, name);
        if (raw.includes("<")) throw new XmlSyntaxError(`"<" in attribute ${attrName} of <${name}>`, this.base + p);
        attrs.push(attrName, this.decodeString(raw, p));
      }
      p = close + 1;
    }
  }

  /**
   * Skips to `</name>`, made once per name. A comment, CDATA or PI that spells it, or a
   * nested element of the same name, stops a skip early; the real end tag is
   * then left unmatched and the document refused. Odd documents are refused,
   * never misread.
   */
  private skipsOf(name: string): { readonly whole: Skip; readonly rest: Skip } {
    let skips = this.skipTags.get(name);
    if (skips === undefined) {
      const close = Buffer.from(`</${name}>`, "latin1");
      const what = `<${name}>`;
      skips = { whole: { close, consume: true, what }, rest: { close, consume: false, what } };
      this.skipTags.set(name, skips);
    }
    return skips;
  }

  /**
   * Holds the unfinished token that starts at `tokenStart` until `pattern`
   * arrives in a later chunk, refusing it once it outgrows `limit`. Returns
   * where this chunk's consumption stops (the token's start).
   */
  private wait(buf: Buffer, pattern: Buffer, tokenStart: number, limit: number, what: string): number {
    this.waitFor = pattern;
    this.waitLimit = limit;
    this.waitWhat = what;
    if (buf.length - tokenStart > limit) throw this.tooLarge(what, this.base + tokenStart);
    this.waitFrom = this.base + buf.length - pattern.length + 1;
    return tokenStart;
  }

  /** The held token (all of `buf`) is still unfinished after the newest chunk. */
  private stillWaiting(buf: Buffer): number {
    if (buf.length > this.waitLimit) throw this.tooLarge(this.waitWhat, this.base);
    this.waitFrom = this.base + buf.length - this.waitFor.length + 1;
    return 0;
  }

  private tooLarge(what: string, at: number): XmlSyntaxError {
    const limit = what.startsWith("text") ? MAX_TEXT_BYTES : MAX_TAG_BYTES;
    return new XmlSyntaxError(`${what} is too large (over the ${limit >> 20} MiB limit)`, at);
  }

  private textWhat(): string {
    return `text of ${this.innermost()}`;
  }

  private innermost(): string {
    return `<${this.stack[this.stack.length - 1] ?? ""}>`;
  }

  /** Counts text given to the handler, so one element's text is bounded however it is split. */
  private count(bytes: number, at: number): void {
    this.textBytes += bytes;
    if (this.textBytes > MAX_TEXT_BYTES) throw this.tooLarge(this.textWhat(), this.base + at);
  }

  /** Tag and attribute names are few; each is made into a string once, not once per use. */
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
    if (!selfClosing) {
      // A depth limit keeps the stack, and every handler's tree, bounded by something other than the input.
      if (this.stack.length >= MAX_DEPTH) {
        throw new XmlSyntaxError(`elements nested deeper than ${MAX_DEPTH} levels`, this.base + at);
      }
      this.stack.push(name);
    }
    this.textBytes = 0;
    this.handler.open(name, attrs, selfClosing);
    if (selfClosing) this.handler.close(name);
  }

  private decode(buf: Buffer, from: number, to: number): string {
    return this.decodeString(this.checkChars(buf, from, to, buf.toString("utf8", from, to)), from);
  }

  /**
   * Refuses invalid UTF-8 and characters outside XML's Char production in
   * text or a value the handler keeps; skipped bytes are never decoded, so
   * this costs nothing on dependency lists. Returns `raw`.
   */
  private checkChars(buf: Buffer, from: number, to: number, raw: string, attr?: string, tag?: string): string {
    if (!NOT_CHAR.test(raw)) return raw;
    // Only now, off the common path, is the place made into a message.
    const where = attr === undefined ? this.innermost() : `attribute ${attr} of <${tag ?? ""}>`;
    if (raw.includes("\ufffd") && !isUtf8(buf.subarray(from, to))) {
      throw new XmlSyntaxError(`invalid UTF-8 in ${where}`, this.base + from);
    }
    // eslint-disable-next-line no-control-regex
    const notChar = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(raw);
    if (notChar === null) return raw;
    const code = (notChar[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
    throw new XmlSyntaxError(`character U+${code} is not allowed in XML (in ${where})`, this.base + from);
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
