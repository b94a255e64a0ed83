import { ParseError } from "../../errors/parse-error.js";
import { readAll } from "../read-all.js";
import type { SourceDriver } from "../source-driver.js";

/** One line of a web server's directory listing. */
export type IndexRecord =
  | {
      readonly kind: "entry";
      readonly name: string;
      readonly href: string;
      readonly directory: boolean;
      /** ISO 8601 as the listing shows it (servers list local time; taken as UTC). */
      readonly modified: string | null;
      /** Bytes; Apache rounds (10G, 492M), so those are approximate. */
      readonly size: number | null;
    }
  | { readonly kind: "warning"; readonly message: string };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const UNITS: Readonly<Record<string, number>> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

function decode(s: string): string {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function when(rest: string): string | null {
  // nginx: 07-May-2024 12:37; Apache: 2024-11-16 02:17
  const n = /(\d{2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2})/.exec(rest);
  if (n !== null) {
    const month = MONTHS.indexOf((n[2] ?? "").toLowerCase());
    if (month === -1) return null;
    return new Date(Date.UTC(Number(n[3]), month, Number(n[1]), Number(n[4]), Number(n[5]))).toISOString();
  }
  const a = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(rest);
  if (a === null) return null;
  return new Date(Date.UTC(Number(a[1]), Number(a[2]) - 1, Number(a[3]), Number(a[4]), Number(a[5]))).toISOString();
}

function bytes(rest: string): number | null {
  // The size is the last token: nginx prints bytes (or "-"), Apache 10G, 492M, 1.2K (or "-").
  const tokens = rest
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .trim()
    .split(/\s+/);
  const t = tokens[tokens.length - 1] ?? "";
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(t);
  return m === null ? null : Math.round(Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1));
}

/**
 * The entries of an HTML directory listing as nginx's autoindex and Apache's
 * mod_autoindex serve them (plain and fancy): name, whether it is a folder,
 * date and size. Only links to entries of the folder itself count (no
 * parent, no absolute or off-site links, no sort links); only complete lines
 * are read, so a cut listing gives fewer entries, never wrong ones.
 * Formats: https://nginx.org/en/docs/http/ngx_http_autoindex_module.html,
 * https://httpd.apache.org/docs/2.4/mod/mod_autoindex.html
 */
export const httpIndexDriver: SourceDriver<IndexRecord> = {
  kind: "http-index",
  family: "listings",
  description: "nginx or Apache HTML directory listing: entries with dates and sizes",
  truncation: "prefix",
  async *parse(chunks, ctx) {
    const text = (await readAll(chunks, 64 << 20, ctx)).toString("utf8");
    if (!/<html|<pre|<table/i.test(text) || !/Index of /i.test(text))
      throw new ParseError(ctx.sourceId, 'not a directory listing (no "Index of" page)', { file: ctx.file });
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    const out: IndexRecord[] = [];
    const seen = new Set<string>();
    for (const line of complete.split("\n")) {
      for (const m of line.matchAll(/<a\s+href="([^"]*)"[^>]*>(.*?)<\/a>(.*)$/gi)) {
        const href = decode(m[1] ?? "");
        if (href === "" || /^(\.\.\/?|\/|\?|#|[a-z][a-z0-9+.-]*:)/i.test(href) || href.includes("/../")) continue;
        const directory = href.endsWith("/");
        let name: string;
        try {
          name = decodeURIComponent(directory ? href.slice(0, -1) : href);
        } catch {
          out.push({
            kind: "warning",
            message: `a link that is not a valid URL path: ${JSON.stringify(href.slice(0, 80))}`,
          });
          continue;
        }
        if (name.includes("/") || seen.has(name)) continue;
        seen.add(name);
        const rest = m[3] ?? "";
        out.push({ kind: "entry", name, href, directory, modified: when(rest), size: directory ? null : bytes(rest) });
      }
    }
    yield out;
  },
};
