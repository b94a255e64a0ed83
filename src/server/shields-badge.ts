/** A shields.io endpoint badge (https://shields.io/badges/endpoint-badge). */
export interface ShieldsBadge {
  readonly schemaVersion: 1;
  readonly label: string;
  readonly message: string;
  readonly color: string;
}

/**
 * A badge for a number of days where fewer is better: green within a week,
 * yellow within a month, red beyond; grey "no data" when unknown.
 *
 * @example
 * daysBadge("errata lag", 4.7) // { schemaVersion: 1, label: "errata lag", message: "4.7 days", color: "green" }
 */
export function daysBadge(label: string, days: number | null): ShieldsBadge {
  if (days === null) return { schemaVersion: 1, label, message: "no data", color: "lightgrey" };
  const rounded = Math.round(days * 10) / 10;
  return {
    schemaVersion: 1,
    label,
    message: `${rounded} day${rounded === 1 ? "" : "s"}`,
    color: days <= 7 ? "green" : days <= 30 ? "yellow" : "red",
  };
}

/**
 * A badge for a count where more is better (mirrors): grey "no data" when unknown.
 *
 * @example
 * countBadge("public mirrors", 504) // { ..., message: "504", color: "blue" }
 */
export function countBadge(label: string, n: number | null): ShieldsBadge {
  return n === null
    ? { schemaVersion: 1, label, message: "no data", color: "lightgrey" }
    : { schemaVersion: 1, label, message: n.toLocaleString("en-US"), color: "blue" };
}
