/** A shields.io endpoint badge (https://shields.io/badges/endpoint-badge). */
export interface ShieldsBadge {
  readonly schemaVersion: 1;
  readonly label: string;
  readonly message: string;
  readonly color: string;
}

/**
 * The one rule for a figure without data, whatever the metric: a grey "no data" badge
 * (never a 404, never a zero), so an embedded badge says the store has nothing yet.
 *
 * @example
 * noDataBadge("rocky median errata lag") // { schemaVersion: 1, label: "rocky median errata lag", message: "no data", color: "lightgrey" }
 */
export function noDataBadge(label: string): ShieldsBadge {
  return { schemaVersion: 1, label, message: "no data", color: "lightgrey" };
}

/**
 * A badge for a number of days where fewer is better: green within a week,
 * yellow within a month, red beyond; grey "no data" when unknown.
 *
 * @example
 * daysBadge("errata lag", 4.7) // { schemaVersion: 1, label: "errata lag", message: "4.7 days", color: "green" }
 */
export function daysBadge(label: string, days: number | null): ShieldsBadge {
  if (days === null) return noDataBadge(label);
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
    ? noDataBadge(label)
    : { schemaVersion: 1, label, message: n.toLocaleString("en-US"), color: "blue" };
}

/**
 * A badge for a share (0..1) where more is better (parity): green from 99 %, yellow from
 * 95 %, red below; one decimal, so 99.96 % does not read as 100 %; grey "no data" when unknown.
 *
 * @example
 * shareBadge("almalinux parity, 9.x", 0.9931) // { ..., message: "99.3%", color: "green" }
 */
export function shareBadge(label: string, share: number | null): ShieldsBadge {
  if (share === null) return noDataBadge(label);
  const pct = Math.floor(share * 1000) / 10;
  return {
    schemaVersion: 1,
    label,
    message: `${pct}%`,
    color: share >= 0.99 ? "green" : share >= 0.95 ? "yellow" : "red",
  };
}
