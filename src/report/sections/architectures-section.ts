import { architecturesQuery } from "../../queries/architectures-query.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Architectures per release: each one the catalog declares, and whether synced repositories confirm it.
 *
 * @example
 * const { section } = await architecturesSection(input);
 */
export async function architecturesSection(input: SectionInput): Promise<SectionResult> {
  const { rows } = await architecturesQuery(input.ctx, { distros: input.all });
  return {
    section: section("architectures", "Architectures per release", {
      tables: [
        {
          title: "Declared in the catalog; confirmed by synced repositories",
          headers: ["distribution", "major", "architecture", "confirmed"],
          rows: rows
            .filter((r) => r.declared)
            .map((r) => [r.distro, r.major, r.arch, r.confirmed === null ? "not synced" : r.confirmed ? "yes" : "no"]),
        },
      ],
      provenance: [{ source: "catalog/*.yaml (each architecture with its source named there)", asOf: null }],
    }),
    scoreInputs: [],
  };
}
