import type { AdvisoryPackage } from "./advisory-record.js";

/** What the upstream clock reads of one advisory (src/analyze/upstream-clock.ts). */
export interface ClockAdvisory {
  readonly issued: string | null;
  readonly sourceKind: string;
  readonly packages: readonly AdvisoryPackage[];
}

/**
 * A distribution's advisories as the upstream clock reads them: as the upstream, those with `.src`
 * entries (only those, with their release, name an upstream build); as a rebuild, those whose date
 * copies the upstream's. `kinds` are the source kinds of all its advisories, for the answer's sources.
 */
export interface ClockAdvisories {
  readonly kinds: readonly string[];
  readonly advisories: readonly ClockAdvisory[];
}
