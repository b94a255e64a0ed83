import { ParseError } from "../../errors/parse-error.js";
import { MIRROR_PROTOCOLS, type MirrorEntry, type MirrorRecord, emptyMirror } from "../../model/mirror-record.js";
import { readAll } from "../read-all.js";
import { showValue } from "../show-value.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { parseYamlDocument } from "../parse-yaml-document.js";

/** "3h", "30m", "1d", "2" (hours) as hours; null when it says something else. */
function frequencyHours(v: unknown): number | null {
  if (typeof v === "number" && v > 0) return v;
  if (typeof v !== "string") return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([mhd]?)\s*$/i.exec(v);
  if (m === null) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  return unit === "m" ? n / 60 : unit === "d" ? n * 24 : n;
}

/** A mirrors.d file describes one mirror in a few hundred bytes; anything past 1 MiB is refused unread. */
export const MIRROR_FILE_MAX_BYTES = 1 << 20;

const text = (v: unknown): string | null =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : null;

/**
 * One file of AlmaLinux's mirrors.d: a YAML mapping per mirror with `name`,
 * `address` (http, https, rsync, ftp), `update_frequency`, `sponsor`,
 * `geolocation`, `private`, `asn`, `cloud_type`.
 * Format: https://github.com/AlmaLinux/mirrors/blob/master/README.md
 * A file must end with a newline: one that stops mid-line was cut (one cut
 * at a line end cannot be told from a shorter file; YAML has no required end).
 */
async function* parse(chunks: AsyncIterable<Uint8Array>, ctx: ParseContext): AsyncGenerator<readonly MirrorRecord[]> {
  const fail = (problem: string): never => {
    throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
  };
  const bytes = await readAll(chunks, MIRROR_FILE_MAX_BYTES, ctx);
  if (bytes.length === 0) return fail("empty file");
  if (bytes[bytes.length - 1] !== 0x0a) return fail("the file stops in the middle of a line (cut?)");
  const source = bytes.toString("utf8");
  const warnings: MirrorRecord[] = [];
  let doc = parseYamlDocument(source, { uniqueKeys: true }, fail);
  // The mirror service reads these files with PyYAML, where a repeated key silently takes the
  // last value; read them the same way, but say so.
  if (doc.errors.length > 0 && doc.errors.every((e) => e.code === "DUPLICATE_KEY")) {
    const where = doc.errors.map((e) => `line ${e.linePos?.[0].line ?? "?"}`).join(", ");
    warnings.push({ kind: "warning", message: `a key is repeated (${where}); the last value is used, as PyYAML does` });
    doc = parseYamlDocument(source, { uniqueKeys: false }, fail);
  }
  if (doc.errors.length > 0) return fail(`invalid YAML: ${doc.errors[0]?.message.split("\n")[0] ?? ""}`);
  let y: unknown;
  try {
    // No aliases: a mirror file has no use for them, and they are how YAML "billion laughs" work.
    y = doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    return fail(`invalid YAML: ${(e as Error).message}`);
  }
  if (y === null || typeof y !== "object" || Array.isArray(y)) return fail("not a YAML mapping");
  const m = y as Record<string, unknown>;
  const name = text(m["name"]);
  if (name === null) return fail('no "name"');
  const address = m["address"];
  if (address === null || typeof address !== "object" || Array.isArray(address)) return fail(`${name}: no "address"`);
  const urls: Record<string, string | null> = { http: null, https: null, rsync: null, ftp: null };
  for (const [key, value] of Object.entries(address as Record<string, unknown>)) {
    const u = text(value);
    // The URL's own scheme decides its protocol (rsync also has the host::module form);
    // a URL filed under another key is counted for what it is.
    const scheme =
      u === null
        ? null
        : /^[a-z]+:\/\//i.test(u)
          ? u.slice(0, u.indexOf(":")).toLowerCase()
          : /^[^/:]+::/.test(u)
            ? "rsync"
            : null;
    if (u === null || scheme === null || !(MIRROR_PROTOCOLS as readonly string[]).includes(scheme)) {
      warnings.push({
        kind: "warning",
        message: `${name}: address ${key} ${u === null ? showValue(value) : JSON.stringify(u)} is not a mirror URL; ignored`,
      });
      continue;
    }
    if (scheme !== key)
      warnings.push({
        kind: "warning",
        message: `${name}: address ${key} is a ${scheme} URL (${u}); counted as ${scheme}`,
      });
    const taken = urls[scheme];
    if (taken !== null && taken !== undefined && taken !== u) {
      warnings.push({ kind: "warning", message: `${name}: a second ${scheme} address (${u}); the first is kept` });
    } else urls[scheme] = u;
  }
  if (Object.values(urls).every((u) => u === null)) return fail(`${name}: no usable address`);
  const geo = (m["geolocation"] ?? {}) as Record<string, unknown>;
  const frequency = frequencyHours(m["update_frequency"]);
  if (m["update_frequency"] !== undefined && frequency === null) {
    warnings.push({
      kind: "warning",
      message: `${name}: update_frequency ${showValue(m["update_frequency"])} is not a duration`,
    });
  }
  const asn = Number(m["asn"] ?? geo["asn"]);
  const entry: MirrorEntry = {
    ...emptyMirror(name, "base"),
    urls: urls as MirrorEntry["urls"],
    country: text(geo["country"]),
    region: text(geo["state_province"]),
    city: text(geo["city"]),
    continent: text(geo["continent"]),
    sponsor: text(m["sponsor"]),
    sponsorUrl: text(m["sponsor_url"]),
    private: m["private"] === true,
    updateFrequencyHours: frequency,
    asn: Number.isInteger(asn) && asn > 0 ? asn : null,
    cloud: text(m["cloud_type"]),
  };
  yield [{ kind: "mirror", ...entry }, ...warnings];
}

export const almalinuxMirrorsDriver: SourceDriver<MirrorRecord> = {
  kind: "almalinux-mirrors",
  family: "mirrors",
  description: "one AlmaLinux mirrors.d YAML file (a mirror: addresses, sponsor, location, update frequency)",
  truncation: "line",
  parse,
};
