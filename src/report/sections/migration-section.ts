import { factTable } from "../fact-table.js";
import { missingFacts } from "../missing-facts.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Migration tooling (conversion from other EL, in-place upgrades between majors), from the sourced facts.
 *
 * @example
 * const { section } = await migrationSection(input);
 */
export function migrationSection(input: SectionInput): Promise<SectionResult> {
  const { all, facts } = input;
  return Promise.resolve({
    section: section("migration", "Migration tooling", {
      tables: [factTable("Migration tools", ["migration-tooling"], facts, all)],
      noData: missingFacts(["migration-tooling"], facts, all),
    }),
    scoreInputs: [],
  });
}
