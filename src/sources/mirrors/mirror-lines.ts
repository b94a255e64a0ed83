import { ParseError } from "../../errors/parse-error.js";
import { MIRROR_PROTOCOLS, type MirrorProtocol, type MirrorRecord, emptyMirror } from "../../model/mirror-record.js";
import { readAll } from "../read-all.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";

/**
 * Mirrors from a text list of URLs, one per line, `#` starting a comment
 * (MirrorManager's mirrorlist answer and plain lists of base URLs alike).
 * URLs of one host are one mirror. A last line without its newline was cut
 * in transit and is dropped with a warning.
 *
 * @example
 * mirrorsFromLines(bytes, ctx, "repository")
 */
export async function mirrorsFromLines(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
  scope: "base" | "repository",
): Promise<MirrorRecord[]> {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  const bytes = await readAll(chunks, 16 << 20, ctx);
  const text = bytes.toString("utf8");
  if (text.includes("\u0000") || text.includes("\ufffd")) return fail("not a text file");
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  const out: MirrorRecord[] = [];
  if (last.trim() !== "")
    out.push({ kind: "warning", message: `line ${lines.length + 1}: no newline at the end (cut?); dropped` });
  const byHost = new Map<string, Record<MirrorProtocol, string | null>>();
  let preference = 0;
  const order = new Map<string, number>();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      out.push({ kind: "warning", message: `line ${i + 1}: not a URL: ${JSON.stringify(line.slice(0, 80))}` });
      return;
    }
    const proto = url.protocol.replace(/:$/, "") as MirrorProtocol;
    if (!MIRROR_PROTOCOLS.includes(proto) || url.hostname === "") {
      out.push({ kind: "warning", message: `line ${i + 1}: not a mirror URL: ${JSON.stringify(line.slice(0, 80))}` });
      return;
    }
    const host = url.hostname.toLowerCase();
    const urls = byHost.get(host) ?? { http: null, https: null, rsync: null, ftp: null };
    if (urls[proto] !== null) {
      out.push({ kind: "warning", message: `line ${i + 1}: ${host} is listed twice for ${proto}; the first is kept` });
      return;
    }
    urls[proto] = line;
    byHost.set(host, urls);
    if (!order.has(host)) order.set(host, ++preference);
  });
  if (byHost.size === 0) return fail("no mirror URL in the list");
  for (const [host, urls] of byHost) {
    out.push({ kind: "mirror", ...emptyMirror(host, scope), urls, preference: order.get(host) ?? null });
  }
  return out;
}

/**
 * A source kind read by {@link mirrorsFromLines}; a cut last line is dropped, so truncation gives a prefix.
 *
 * @example
 * mirrorLinesDriver("mirror-url-list", "plain list of mirror base URLs", "base")
 */
export function mirrorLinesDriver(
  kind: string,
  description: string,
  scope: "base" | "repository",
): SourceDriver<MirrorRecord> {
  return {
    kind,
    family: "mirrors",
    description,
    truncation: "prefix",
    async *parse(chunks, ctx) {
      yield await mirrorsFromLines(chunks, ctx, scope);
    },
  };
}
