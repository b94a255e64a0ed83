/** The dated ends of one major's support phases (YYYY-MM-DD, null when its source states none). */
export interface PhaseDates {
  readonly ga: string | null;
  readonly activeSupportEnd: string | null;
  readonly eol: string | null;
  readonly extendedSupportEnd: string | null;
}

/** Where a major stands on a day: the phase its dates put it in, or unknown without them. */
export type SupportPhase =
  | "not yet released"
  | "active support"
  | "maintenance support"
  | "supported (no end of active support stated)"
  | "supported (no end of life stated)"
  | "extended support only"
  | "end of life"
  | "unknown";

/**
 * The support phase of a major on `day` (YYYY-MM-DD) from its phase ends: each end is the last
 * day of its phase, as endoflife.date dates them. A missing date is never guessed.
 *
 * @example
 * supportPhase({ ga: "2022-05-18", activeSupportEnd: "2027-05-31", eol: "2032-05-31", extendedSupportEnd: null }, "2026-12-01") // "active support"
 */
export function supportPhase(d: PhaseDates, day: string): SupportPhase {
  if (d.ga === null) return "unknown";
  if (day < d.ga) return "not yet released";
  if (d.activeSupportEnd !== null && day <= d.activeSupportEnd) return "active support";
  if (d.eol === null) return "supported (no end of life stated)";
  if (day <= d.eol)
    return d.activeSupportEnd === null ? "supported (no end of active support stated)" : "maintenance support";
  if (d.extendedSupportEnd !== null && day <= d.extendedSupportEnd) return "extended support only";
  return "end of life";
}
