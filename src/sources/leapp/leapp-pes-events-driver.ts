import { ParseError } from "../../errors/parse-error.js";
import type { LeappRecord, PesPackage } from "../../model/leapp-record.js";
import { readJson } from "../read-json.js";
import type { SourceDriver } from "../source-driver.js";

/** leapp's Action enum, by number (pes_event_parsing.py). */
const ACTIONS = ["present", "removed", "deprecated", "replaced", "split", "merged", "moved", "renamed"];

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A packageset's packages ("package", or "packages" as leapp also reads); null: not a packageset. */
function packagesOf(set: unknown): PesPackage[] | null {
  if (set === null || set === undefined) return [];
  const o = set as { package?: unknown; packages?: unknown };
  const list = o.package ?? o.packages ?? [];
  if (!Array.isArray(list)) return null;
  const out: PesPackage[] = [];
  for (const p of list as unknown[]) {
    const q = (p ?? {}) as { name?: unknown; repository?: unknown; modulestreams?: unknown; modulestream?: unknown };
    const name = str(q.name);
    const repository = str(q.repository);
    if (name === null || repository === null) return null;
    const ms = Array.isArray(q.modulestreams) ? (q.modulestreams as unknown[]) : q.modulestream ? [q.modulestream] : [];
    const modulestreams = ms.flatMap((m) => {
      const s = m as { name?: unknown; stream?: unknown } | null | undefined;
      const stream = typeof s?.stream === "string" || typeof s?.stream === "number" ? String(s.stream) : "";
      return typeof s?.name === "string" ? [`${s.name}:${stream}`] : [];
    });
    out.push({ name, repository, modulestreams: modulestreams.sort() });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `{major_version, minor_version}` → "8.10"; null: none given. */
function releaseOf(r: unknown): string | null {
  const o = r as { major_version?: unknown; minor_version?: unknown } | null | undefined;
  if (typeof o?.major_version !== "number") return null;
  return typeof o.minor_version === "number" ? `${o.major_version}.${o.minor_version}` : String(o.major_version);
}

/**
 * leapp's package evolution events (pes-events.json): `{"packageinfo":[{"id","action","in_packageset":
 * {"package":[{"name","repository","modulestreams"}]},"out_packageset":…,"initial_release":
 * {"major_version","minor_version"},"release":{…},"architectures":[…]}]}`, one record per event; an
 * event leapp would refuse (unknown action, a package without name or repository) is a warning.
 * Format: oamg/leapp-repository repos/system_upgrade/common/actors/peseventsscanner/libraries/pes_event_parsing.py
 */
export const leappPesEventsDriver: SourceDriver<LeappRecord> = {
  kind: "leapp-pes-events",
  family: "leapp",
  description:
    "leapp package evolution events (pes-events.json): packages removed, renamed, split, moved between releases",
  async *parse(chunks, ctx) {
    const doc = (await readJson(chunks, ctx, 256 << 20)) as { packageinfo?: unknown } | null;
    if (doc === null || typeof doc !== "object" || !Array.isArray(doc.packageinfo) || doc.packageinfo.length === 0)
      throw new ParseError(ctx.sourceId, 'no "packageinfo" list', { file: ctx.file });
    const out: LeappRecord[] = [];
    (doc.packageinfo as unknown[]).forEach((e, i) => {
      const o = (e ?? {}) as Record<string, unknown>;
      const action = o["action"];
      const inPackages = packagesOf(o["in_packageset"]);
      const outPackages = packagesOf(o["out_packageset"]);
      const actionName = typeof action === "number" ? ACTIONS[action] : undefined;
      if (typeof action !== "number" || actionName === undefined || inPackages === null || outPackages === null) {
        out.push({ kind: "warning", message: `event ${i + 1}: no valid action or packageset` });
        return;
      }
      // leapp's documented name is "architectures"; AlmaLinux/leapp-data's real files (files/rocky/pes-events.json) say "arches".
      const given = o["architectures"] ?? o["arches"];
      const archs = Array.isArray(given) ? (given as unknown[]) : [];
      out.push({
        kind: "package-event",
        id: typeof o["id"] === "number" ? o["id"] : 0,
        action,
        actionName,
        inPackages,
        outPackages,
        fromRelease: releaseOf(o["initial_release"]),
        toRelease: releaseOf(o["release"]),
        architectures: archs.filter((a): a is string => typeof a === "string").sort(),
      });
    });
    yield out;
  },
};
