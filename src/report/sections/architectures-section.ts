import { architecturesQuery } from "../../queries/architectures-query.js";
import { factTable } from "../fact-table.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/** The marks of the matrix, and the legend printed under it. */
const MARK = { confirmed: "●", absent: "✗", declared: "○", undeclared: "·", extra: "+" } as const;
const LEGEND =
  "● declared and confirmed by synced repositories; ○ declared, not synced (unconfirmed); ✗ declared, synced but not found; + not declared, found in synced repositories; · not declared";

/**
 * Architectures per release as a matrix (distribution and major × architecture): each mark says
 * whether the catalog declares it and whether synced repositories confirm it.
 *
 * @example
 * const { section } = await architecturesSection(input);
 */
export async function architecturesSection(input: SectionInput): Promise<SectionResult> {
  const { rows } = await architecturesQuery(input.ctx, { distros: input.all });
  const arches = [...new Set(rows.filter((r) => r.declared || r.confirmed === true).map((r) => r.arch))].sort();
  const releases = [...new Set(rows.map((r) => `${r.distro}\u0000${r.major}`))];
  const mark = (distro: string, major: string | number, arch: string): string => {
    const r = rows.find((x) => x.distro === distro && String(x.major) === String(major) && x.arch === arch);
    if (r === undefined) return MARK.undeclared;
    if (!r.declared) return r.confirmed === true ? MARK.extra : MARK.undeclared;
    return r.confirmed === null ? MARK.declared : r.confirmed ? MARK.confirmed : MARK.absent;
  };
  return {
    section: section("architectures", "Architectures per release", {
      text: [LEGEND],
      tables: [
        {
          title: "Declared in the catalog; confirmed by synced repositories",
          headers: ["distribution", "major", ...arches],
          rows: releases.map((k) => {
            const [distro = "", major = ""] = k.split("\u0000");
            return [distro, major, ...arches.map((a) => mark(distro, major, a))];
          }),
        },
        // The history per minor as the distributions state it (when each architecture came), with its source.
        factTable("Stated architecture history", ["architectures"], input.facts, input.all),
      ],
      provenance: [{ source: "catalog/*.yaml (each architecture with its source named there)", asOf: null }],
    }),
    scoreInputs: [],
  };
}
