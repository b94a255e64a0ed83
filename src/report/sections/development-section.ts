import { factTable } from "../fact-table.js";
import { missingFacts } from "../missing-facts.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/**
 * Development process and build systems, from the sourced facts.
 *
 * @example
 * const { section } = await developmentSection(input);
 */
export function developmentSection(input: SectionInput): Promise<SectionResult> {
  const { all, facts } = input;
  return Promise.resolve({
    section: section("development", "Development process and build systems", {
      tables: [
        factTable("Process", ["build-system", "upstream-source", "update-policy", "minor-release-policy"], facts, all),
      ],
      noData: missingFacts(["build-system"], facts, all),
    }),
    scoreInputs: [],
  });
}
