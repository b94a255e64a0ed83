import { ParseError } from "../../errors/parse-error.js";
import { checkLocation } from "./check-location.js";
import { XmlSyntaxError } from "./xml-scanner.js";
import { childNamed, parseXmlTree } from "./xml-tree.js";

/** One `<data>` entry of repomd.xml: a metadata file and how to verify it. */
export interface RepomdFile {
  readonly type: string;
  readonly location: string;
  /** Node crypto name: sha1, sha256, sha512, ... */
  readonly checksumType: string;
  readonly checksum: string;
  readonly size: number | null;
  readonly openChecksum: string | null;
  readonly openSize: number | null;
  readonly timestamp: number | null;
}

/** What repomd.xml says about a repository. */
export interface Repomd {
  readonly revision: string | null;
  readonly files: readonly RepomdFile[];
}

// repomd writes "sha" for SHA-1 in older repositories. A Map, not an object: the type comes from
// the input, and "constructor" or "__proto__" must be unknown, not Object's own.
const CHECKSUM_TYPES: ReadonlyMap<string, string> = new Map([
  ["sha", "sha1"],
  ["sha1", "sha1"],
  ["sha224", "sha224"],
  ["sha256", "sha256"],
  ["sha384", "sha384"],
  ["sha512", "sha512"],
]);

/**
 * Parses repodata/repomd.xml. Every location must stay inside the repository
 * and every checksum must be of a known type, since sync verifies each file
 * against it before anything is stored.
 * Format: https://github.com/rpm-software-management/createrepo_c/blob/master/src/xml_dump_repomd.c
 *
 * @example
 * parseRepomd(bytes, { sourceId: "almalinux:9/BaseOS/x86_64", file: "repodata/repomd.xml" }).files
 */
export function parseRepomd(bytes: Uint8Array, ctx: { sourceId: string; file: string }): Repomd {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  let root;
  try {
    root = parseXmlTree(bytes);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return fail(e.message);
    throw e;
  }
  if (root.name !== "repomd") fail(`root element is <${root.name}>, expected <repomd>`);
  const files: RepomdFile[] = [];
  const seen = new Set<string>();
  for (const data of root.children) {
    if (data.name !== "data") continue;
    const type = data.attributes["type"];
    if (type === undefined || type === "") return fail("<data> without a type");
    if (seen.has(type)) fail(`<data type="${type}"> appears twice`);
    seen.add(type);
    const loc = childNamed(data, "location");
    const href = loc?.attributes["href"];
    if (loc === undefined || href === undefined) return fail(`<data type="${type}"> has no <location href>`);
    const bad = checkLocation(href, loc.attributes["xml:base"]);
    if (bad !== null) fail(`location of ${type} "${href}" ${bad}`);
    const sum = childNamed(data, "checksum");
    if (sum === undefined || sum.text.trim() === "") return fail(`<data type="${type}"> has no <checksum>`);
    const rawType = sum.attributes["type"] ?? "";
    const checksumType = CHECKSUM_TYPES.get(rawType);
    if (checksumType === undefined) return fail(`<data type="${type}"> has unknown checksum type "${rawType}"`);
    const num = (name: string): number | null => {
      const el = childNamed(data, name);
      if (el === undefined) return null;
      const t = el.text.trim();
      if (!/^[0-9]{1,16}$/.test(t)) return fail(`<${name}> of ${type} is not a number: "${t}"`);
      return Number.parseInt(t, 10);
    };
    files.push({
      type,
      location: href,
      checksumType,
      checksum: sum.text.trim().toLowerCase(),
      size: num("size"),
      openChecksum: childNamed(data, "open-checksum")?.text.trim().toLowerCase() ?? null,
      openSize: num("open-size"),
      timestamp: num("timestamp"),
    });
  }
  const revision = childNamed(root, "revision")?.text.trim() ?? null;
  files.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { revision, files };
}
