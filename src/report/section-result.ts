import type { ReportSection } from "./report-model.js";
import type { ScoreInput } from "./score-input.js";

/**
 * What a section gives back: the section to show, and what it measured for the scorecard.
 *
 * @example
 * const { section, scoreInputs } = await releaseLagSection(input);
 */
export interface SectionResult {
  readonly section: ReportSection;
  readonly scoreInputs: readonly ScoreInput[];
}
