/** One entry of an Atom feed. */
export interface AtomEntry {
  /** A permanent, unique IRI (RFC 4287 §4.2.6): a tag: URI (RFC 4151). */
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly published?: string;
  readonly content: string;
}

/** An Atom feed: its id, title, last update, optional self link and entries. */
export interface AtomFeed {
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly self?: string;
  readonly author: string;
  readonly entries: readonly AtomEntry[];
}

/** Text escaped for XML character data and attribute values; characters XML 1.0 forbids are dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * An Atom 1.0 feed document (RFC 4287): feed id, title, updated and author; each entry's id,
 * title, updated and text content, every value XML-escaped.
 *
 * @example
 * renderAtom({ id: "tag:elscope,2026:alerts", title: "elscope alerts", updated, author: "elscope", entries: [] })
 */
export function renderAtom(feed: AtomFeed): string {
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom">`,
    `  <id>${xml(feed.id)}</id>`,
    `  <title>${xml(feed.title)}</title>`,
    `  <updated>${xml(feed.updated)}</updated>`,
    `  <author><name>${xml(feed.author)}</name></author>`,
    ...(feed.self === undefined ? [] : [`  <link rel="self" href="${xml(feed.self)}"/>`]),
  ];
  for (const e of feed.entries) {
    lines.push(
      "  <entry>",
      `    <id>${xml(e.id)}</id>`,
      `    <title>${xml(e.title)}</title>`,
      `    <updated>${xml(e.updated)}</updated>`,
      ...(e.published === undefined ? [] : [`    <published>${xml(e.published)}</published>`]),
      `    <content type="text">${xml(e.content)}</content>`,
      "  </entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}
