import type { ClockAdvisories } from "../model/clock-advisories.js";
import { type QueryContext, remember } from "./query-context.js";

/**
 * What the upstream clock reads of a distribution's advisories, read once per context: as the
 * upstream (`.src` entries) or as a rebuild (the advisories that copy the upstream's date).
 *
 * @example
 * const { advisories, kinds } = await storedClockAdvisories(ctx, "rhel", "upstream");
 */
export function storedClockAdvisories(
  ctx: QueryContext,
  distro: string,
  as: "upstream" | "rebuild",
): Promise<ClockAdvisories> {
  return remember(ctx, `clock-advisories\u0000${distro}\u0000${as}`, () => ctx.store.clockAdvisories(distro, as));
}
