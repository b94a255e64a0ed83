import type { Provenance } from "./report-model.js";

/**
 * What one section measured for one scorecard criterion of one distribution: the value the
 * rule scores, the input as the scorecard prints it, and where it comes from.
 *
 * @example
 * const input: ScoreInput = { distro: "almalinux", criterion: "mirror network", value: 504, input: "504 public mirrors", provenance: null };
 */
export interface ScoreInput {
  readonly distro: string;
  readonly criterion: string;
  readonly value: number | string | null;
  readonly input: string;
  readonly provenance: Provenance | null;
}
