import { makeBadge } from "badge-maker";
import type { ShieldsBadge } from "./shields-badge.js";

/**
 * A badge as SVG, drawn by shields.io's own renderer (badge-maker) here, offline, so the
 * SVG and the endpoint JSON of one badge always say the same thing.
 *
 * @example
 * badgeSvg({ schemaVersion: 1, label: "almalinux public mirrors", message: "504", color: "blue" }) // "<svg …>"
 */
export function badgeSvg(badge: ShieldsBadge): string {
  return makeBadge({ label: badge.label, message: badge.message, color: badge.color, style: "flat" });
}
