import assert from "node:assert/strict";
import { test } from "node:test";
import { checkLocation } from "../src/sources/rpm-md/check-location.js";
import { decodeXmlText } from "../src/sources/rpm-md/decode-xml-text.js";
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
