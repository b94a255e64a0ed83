import { ParseError } from "../../errors/parse-error.js";
import {
  MIRROR_PROTOCOLS,
  type MirrorEntry,
  type MirrorProtocol,
  type MirrorRecord,
  type MirrorReference,
  emptyMirror,
} from "../../model/mirror-record.js";
import { readAll } from "../read-all.js";
import { XmlSyntaxError } from "../rpm-md/xml-scanner.js";
import { type XmlElement, parseXmlTree } from "../rpm-md/xml-tree.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";

// MirrorManager writes its extensions with the mm0 prefix; match on the local name
// so that another prefix bound to the same namespace reads the same.
const local = (name: string): string => name.slice(name.indexOf(":") + 1);
const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => local(c.name) === name);
const kids = (el: XmlElement, name: string): readonly XmlElement[] => el.children.filter((c) => local(c.name) === name);

function details(el: XmlElement, fail: (p: string) => never): Omit<MirrorReference, "file" | "alternates"> {
  const num = (name: string): number | null => {
    const e = child(el, name);
    if (e === undefined) return null;
    const t = e.text.trim();
    if (!/^\d{1,16}$/.test(t)) return fail(`<${e.name}> is not a number: "${t.slice(0, 40)}"`);
    return Number(t);
  };
  const hashes: Record<string, string> = {};
  const verification = child(el, "verification");
  for (const h of verification === undefined ? [] : kids(verification, "hash")) {
    const type = h.attributes["type"];
    const value = h.text.trim().toLowerCase();
    if (type === undefined || !/^[0-9a-f]{32,128}$/.test(value)) return fail(`a <hash> without type or hex value`);
    hashes[type] = value;
  }
  return { timestamp: num("timestamp"), size: num("size"), hashes };
}

/**
 * A metalink answer from MirrorManager (`/metalink?repo=...&arch=...`):
 * Metalink 3.0 XML naming repomd.xml's newest timestamp, size and hashes,
 * older accepted versions (`mm0:alternates`), and the mirrors' URLs to it
 * with protocol, country (`location`), preference and `mm0:private`. Yields
 * one reference per file and one mirror per host.
 * Formats: http://www.metalinker.org/Metalink_3.0_Spec.pdf and
 * https://github.com/fedora-infra/mirrormanager2 (mirrorlist/mirrorlist_server.py)
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly MirrorRecord[]> {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  const bytes = await readAll(chunks, 16 << 20, ctx);
  let root: XmlElement;
  try {
    root = parseXmlTree(bytes);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return fail(e.message);
    throw e;
  }
  if (local(root.name) !== "metalink") return fail(`root element is <${root.name}>, expected <metalink>`);
  const files = child(root, "files");
  if (files === undefined) return fail("no <files>");
  const out: MirrorRecord[] = [];
  const hosts = new Map<string, MirrorEntry & { urls: Record<MirrorProtocol, string | null> }>();
  for (const file of kids(files, "file")) {
    const name = file.attributes["name"];
    if (name === undefined || name === "") return fail("a <file> without a name");
    const alternates = child(file, "alternates");
    out.push({
      kind: "reference",
      file: name,
      ...details(file, fail),
      alternates: (alternates === undefined ? [] : kids(alternates, "alternate")).map((a) => details(a, fail)),
    });
    const resources = child(file, "resources");
    for (const u of resources === undefined ? [] : kids(resources, "url")) {
      const text = u.text.trim();
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        out.push({ kind: "warning", message: `not a URL: ${JSON.stringify(text.slice(0, 80))}` });
        continue;
      }
      const proto = url.protocol.replace(/:$/, "") as MirrorProtocol;
      if (!MIRROR_PROTOCOLS.includes(proto)) {
        out.push({ kind: "warning", message: `${url.hostname}: protocol ${proto} ignored` });
        continue;
      }
      // The URL names the file itself; the mirror's repository is the folder holding repodata/.
      const repo = text.endsWith(`/${name}`)
        ? text.slice(0, text.length - name.length).replace(/repodata\/$/, "")
        : text;
      const host = url.hostname.toLowerCase();
      const entry = hosts.get(host) ?? {
        ...emptyMirror(host, "repository"),
        urls: { http: null, https: null, rsync: null, ftp: null },
      };
      entry.urls[proto] ??= repo;
      const preference = Number(u.attributes["preference"]);
      hosts.set(host, {
        ...entry,
        country: entry.country ?? u.attributes["location"]?.trim().toUpperCase() ?? null,
        private:
          entry.private ||
          Object.entries(u.attributes).some(([k, v]) => local(k) === "private" && v.toLowerCase() === "true"),
        preference: Number.isFinite(preference) ? Math.max(entry.preference ?? 0, preference) : entry.preference,
      });
    }
  }
  if (out.length === 0) return fail("no <file> in <files>");
  for (const h of hosts.values()) out.push({ kind: "mirror", ...h });
  yield out;
}

export const metalinkDriver: SourceDriver<MirrorRecord> = {
  kind: "metalink",
  family: "mirrors",
  description: "MirrorManager metalink: repomd.xml's expected hashes (with alternates) and the mirrors serving it",
  parse,
};
