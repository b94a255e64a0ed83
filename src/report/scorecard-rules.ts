/**
 * The enterprise-viability rules: each criterion scores 1 to 5 from one
 * measured or sourced input, by thresholds written here and printed beside
 * every score, so a reader can disagree with the rule rather than guess it.
 */
export interface ScoreRule {
  readonly criterion: string;
  readonly rule: string;
  /** Score from the input, or null when there is no input. */
  readonly score: (input: number | string | null) => number | null;
}

/** Scores by thresholds: the first bound the value meets gives 5, the next 4, ... else 1. */
function thresholds(
  bounds: readonly number[],
  better: "higher" | "lower",
): (v: number | string | null) => number | null {
  return (v) => {
    if (typeof v !== "number") return null;
    const i = bounds.findIndex((b) => (better === "higher" ? v >= b : v <= b));
    return i === -1 ? 1 : 5 - i;
  };
}

/** The rules, in the order the scorecard shows them. */
export const SCORE_RULES: readonly ScoreRule[] = [
  {
    criterion: "package count",
    rule: "parity over the newest major both sides synced: the share of the upstream's source builds the rebuild ships identical, modified or replaced (its own branding package), not-applicable builds left out: ≥ 99 % → 5, ≥ 97 % → 4, ≥ 90 % → 3, ≥ 75 % → 2, else 1",
    score: thresholds([0.99, 0.97, 0.9, 0.75], "higher"),
  },
  {
    criterion: "mirror network",
    rule: "public mirrors in the newest list: ≥ 300 → 5, ≥ 100 → 4, ≥ 30 → 3, ≥ 10 → 2, else 1",
    score: thresholds([300, 100, 30, 10], "higher"),
  },
  {
    criterion: "releases",
    rule: "median initial release lag over the measured minors, in days: ≤ 7 → 5, ≤ 14 → 4, ≤ 30 → 3, ≤ 60 → 2, else 1",
    score: thresholds([7, 14, 30, 60], "lower"),
  },
  {
    criterion: "patching lag",
    rule: "median package lag: upstream build to the rebuild's package on its mirror (file time), in days: ≤ 1 → 5, ≤ 3 → 4, ≤ 7 → 3, ≤ 14 → 2, else 1",
    score: thresholds([1, 3, 7, 14], "lower"),
  },
  {
    // The same bounds as package lag: a day is a same-day response, a week one update cycle.
    criterion: "errata lag",
    rule: "median errata lag over the advisories with the rebuild's own publication time (upstream advisory to the rebuild's advisory as the rebuild published it), in days: ≤ 1 → 5, ≤ 3 → 4, ≤ 7 → 3, ≤ 14 → 2, else 1",
    score: thresholds([1, 3, 7, 14], "lower"),
  },
  {
    criterion: "documentation",
    rule: "a documentation fact checked against its source → 5; stated but never checked → 3; none → no data",
    score: (v) => (v === "checked" ? 5 : v === "unverified" ? 3 : null),
  },
  {
    criterion: "support with SLA",
    rule: 'the commercial-support fact: the vendor itself with stated service levels ("service level", "SLA", "response time") → 5; through third parties or partners → 3; none stated → no data',
    score: (v) =>
      typeof v !== "string"
        ? null
        : /service level|\bSLA\b|response time/i.test(v)
          ? 5
          : /third part|partner/i.test(v)
            ? 3
            : 2,
  },
  {
    criterion: "professional services",
    rule: "a professional-services fact: checked → 5, never checked → 4; none → no data",
    score: (v) => (v === "checked" ? 5 : v === "unverified" ? 4 : null),
  },
];
