/**
 * Decodes XML character and predefined entity references in text or an
 * attribute value. Only the five predefined entities and numeric references
 * exist in rpm-md: documents with DTDs are refused before they get here, so an
 * unknown reference is an error, never something to expand.
 * See https://www.w3.org/TR/xml/#sec-references
 *
 * @example
 * decodeXmlText("a &amp; b &#x41;") // "a & b A"
 */
export function decodeXmlText(raw: string): string {
  if (!raw.includes("&")) return raw;
  let out = "";
  let from = 0;
  for (;;) {
    const amp = raw.indexOf("&", from);
    if (amp === -1) return out + raw.slice(from);
    const semi = raw.indexOf(";", amp + 1);
    if (semi === -1 || semi - amp > 12) throw new XmlReferenceError(raw.slice(amp, amp + 12));
    out += raw.slice(from, amp);
    const ref = raw.slice(amp + 1, semi);
    out += resolveReference(ref);
    from = semi + 1;
  }
}

/** An `&...;` reference that is not one of XML's predefined ones. */
export class XmlReferenceError extends Error {
  constructor(readonly reference: string) {
    super(`undefined or malformed entity reference "${reference}"`);
  }
}

function resolveReference(ref: string): string {
  switch (ref) {
    case "amp":
      return "&";
    case "lt":
      return "<";
    case "gt":
      return ">";
    case "quot":
      return '"';
    case "apos":
      return "'";
  }
  let code = Number.NaN;
  if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) code = Number.parseInt(ref.slice(2), 16);
  else if (/^#[0-9]{1,7}$/.test(ref)) code = Number.parseInt(ref.slice(1), 10);
  // XML 1.0 Char production: no NUL, no surrogates, nothing above U+10FFFF.
  const valid =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  if (!valid) throw new XmlReferenceError(`&${ref};`);
  return String.fromCodePoint(code);
}
