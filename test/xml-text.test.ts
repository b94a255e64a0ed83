import assert from "node:assert/strict";
import { test } from "node:test";
import { checkLocation } from "../src/sources/rpm-md/check-location.js";
import { decodeXmlText } from "../src/sources/rpm-md/decode-xml-text.js";
import {
  MAX_DEPTH,
  MAX_TAG_BYTES,
  MAX_TEXT_BYTES,
  type XmlHandler,
  XmlScanner,
} from "../src/sources/rpm-md/xml-scanner.js";
import { parseXmlTree } from "../src/sources/rpm-md/xml-tree.js";

test("predefined and numeric references decode; others are refused", () => {
  assert.equal(decodeXmlText("a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42;&#x1F600;"), "a & b <c> \"' AB😀");
  assert.equal(decodeXmlText("no references"), "no references");
  for (const bad of ["&nbsp;", "&#0;", "&#xD800;", "&#x110000;", "& alone", "&amp", "&#;"]) {
    assert.throws(() => decodeXmlText(bad), /entity reference/, bad);
  }
});

test("locations must stay inside the repository", () => {
  assert.equal(checkLocation("Packages/b/bash-5.1.8-9.el9.x86_64.rpm"), null);
  assert.equal(checkLocation("repodata/../Packages/x.rpm"), null);
  assert.equal(checkLocation("../x.rpm"), "climbs out of the repository");
  assert.equal(checkLocation("a/../../x.rpm"), "climbs out of the repository");
  assert.equal(checkLocation("/etc/passwd"), "is an absolute path");
  assert.equal(checkLocation("https://evil.invalid/x.rpm"), "is an absolute URL");
  assert.equal(checkLocation("file:x.rpm"), "is an absolute URL");
  assert.equal(checkLocation("a\\..\\..\\x"), "contains control characters or backslashes");
  assert.equal(
    checkLocation("x.rpm", "https://elsewhere.invalid/"),
    'has xml:base="https://elsewhere.invalid/" pointing elsewhere',
  );
  assert.equal(checkLocation(""), "is empty");
});

test("the tree parser enforces well-formedness", () => {
  const t = parseXmlTree(
    Buffer.from("<?xml version='1.0'?>\n<!-- c --><a x='1' y=\"&lt;\"><b>t<![CDATA[<u>]]></b><c/></a>\n"),
  );
  assert.equal(t.name, "a");
  assert.deepEqual(t.attributes, { x: "1", y: "<" });
  assert.equal(t.children[0]?.text, "t<u>");
  for (const bad of [
    "<a><b></a></b>",
    "<a>",
    "<a/><b/>",
    "text<a/>",
    "<a/>text",
    "<a x=1/>",
    "<a x='1' x='2'/>",
    "<a x='<'/>",
    "</a>",
    "",
  ]) {
    assert.throws(() => parseXmlTree(Buffer.from(bad)), Error, bad);
  }
});

/** `total` bytes of `unit` repeated, fed in `chunk`-byte pieces: a stream far larger than any one chunk. */
function* repeated(unit: string, total: number, chunk = 4096): Generator<Buffer> {
  const piece = Buffer.from(unit.repeat(Math.ceil(chunk / unit.length)).slice(0, chunk));
  for (let n = 0; n < total; n += chunk) yield piece;
}

/** Counts the bytes handed to the scanner and every text given back, for "never holds it" checks. */
class NullHandler implements XmlHandler {
  readonly skipRest = false;
  capturing = false;
  opened = 0;
  wantsAttributes(): boolean {
    return true;
  }
  skippable(name: string): boolean {
    return name === "skip";
  }
  open(): void {
    this.opened++;
  }
  close(): void {}
  text(): void {}
}

function scanAll(parts: Iterable<Uint8Array>, handler: XmlHandler = new NullHandler()): XmlScanner {
  const s = new XmlScanner(handler);
  for (const p of parts) s.feed(p);
  s.end();
  return s;
}

function* concat(...parts: (Iterable<Buffer> | string)[]): Generator<Buffer> {
  for (const p of parts) {
    if (typeof p === "string") yield Buffer.from(p);
    else yield* p;
  }
}

// 64 MiB in 4 KiB chunks: a scanner that rescanned held bytes each chunk would do 2^39 byte steps
// (hours) and hold all 64 MiB; one that keeps its place does 2^26 and holds a few bytes.
const BIG = 64 << 20;

test(
  "bytes with no `<` are never rescanned nor held: whitespace before the root, comments, skipped elements",
  { timeout: 120_000 },
  () => {
    const before = process.memoryUsage().arrayBuffers;
    scanAll(concat(repeated(" ", BIG), "<a/>"));
    scanAll(concat("<a><!--", repeated("x", BIG), "--><b/></a>"));
    scanAll(concat("<a><skip>", repeated("y", BIG), "</skip><b/></a>"));
    scanAll(concat("<a>", repeated("text not captured ", BIG), "</a>"));
    scanAll(concat("<?pi ", repeated("z", BIG), "?><a/>"));
    // A split end tag of a skipped element is still found.
    const h = new NullHandler();
    scanAll(concat("<a><skip>", repeated("y", 8192), "</sk", "ip><b/></a>"), h);
    assert.equal(h.opened, 3);
    assert.ok(process.memoryUsage().arrayBuffers - before < 32 << 20, "skipped bytes were held");
  },
);

test("one token past its limit is refused as too large, naming the element", { timeout: 120_000 }, () => {
  const capture = new NullHandler();
  capture.capturing = true;
  assert.throws(
    () => scanAll(concat("<a><summary>", repeated("s", MAX_TEXT_BYTES + 8192), "</summary></a>"), capture),
    /text of <summary> is too large \(over the 16 MiB limit\)/,
  );
  // Text split by comments is still one element's text.
  assert.throws(
    () => scanAll(concat("<a><summary>", repeated("ssss<!---->", MAX_TEXT_BYTES * 3), "</summary></a>"), capture),
    /text of <summary> is too large/,
  );
  assert.throws(
    () => scanAll(concat("<a><b x='", repeated("v", MAX_TAG_BYTES + 8192), "'/></a>")),
    /a start tag is too large \(over the 1 MiB limit\)/,
  );
  assert.throws(
    () => scanAll(concat("<a></b", repeated(" ", MAX_TAG_BYTES + 8192), "></a>")),
    /an end tag is too large/,
  );
  // Just under the limit is fine.
  scanAll(concat("<a><summary>", repeated("s", MAX_TEXT_BYTES - 8192), "</summary></a>"), capture);
});

test("nesting deeper than the limit is refused, not recursed into", () => {
  const deep = (n: number) => "<a>".repeat(n) + "</a>".repeat(n);
  assert.equal(scanAll([Buffer.from(deep(MAX_DEPTH))]).depth, 0);
  assert.throws(() => scanAll([Buffer.from(deep(10_000))]), /elements nested deeper than 256 levels/);
  assert.throws(() => parseXmlTree(Buffer.from(deep(10_000))), /nested deeper/);
});

test("a UTF-8 byte order mark is accepted, even split across chunks; elsewhere it is text", () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  assert.equal(parseXmlTree(Buffer.concat([bom, Buffer.from("<?xml version='1.0'?><a>t</a>")])).text, "t");
  scanAll([bom.subarray(0, 1), bom.subarray(1), Buffer.from("<a/>")]);
  assert.throws(
    () => parseXmlTree(Buffer.concat([Buffer.from(" "), bom, Buffer.from("<a/>")])),
    /text before the root/,
  );
});

test("invalid UTF-8 and characters outside XML's Char production are refused in kept text and values", () => {
  const doc = (inner: Buffer | string) =>
    Buffer.concat([Buffer.from("<a x='1'>"), Buffer.from(inner), Buffer.from("</a>")]);
  assert.throws(() => parseXmlTree(doc(Buffer.from([0x62, 0xff, 0x61]))), /invalid UTF-8 in <a>/);
  assert.throws(() => parseXmlTree(doc(Buffer.from([0xed, 0xa0, 0x80]))), /invalid UTF-8/, "an encoded surrogate");
  assert.throws(() => parseXmlTree(doc("b\u0000sh")), /character U\+0000 is not allowed in XML \(in <a>\)/);
  assert.throws(() => parseXmlTree(doc("b\u001bsh")), /U\+001B/);
  assert.throws(() => parseXmlTree(doc("\uffff")), /U\+FFFF/);
  assert.throws(
    () => parseXmlTree(Buffer.from("<a x='\u0001'/>")),
    /U\+0001 is not allowed in XML \(in attribute x of <a>\)/,
  );
  assert.throws(() => parseXmlTree(doc("<![CDATA[\u0002]]>")), /U\+0002/);
  // Tab, newline, carriage return and a real U+FFFD are characters.
  assert.equal(parseXmlTree(doc("\t\n\r\ufffd é 😀")).text, "\t\n\r\ufffd é 😀");
});
