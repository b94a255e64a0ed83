import type { StoredAdvisory } from "../model/stored-advisory.js";
import { type QueryContext, remember } from "./query-context.js";

/**
 * A distribution's stored advisories, read once per context: the errata-lag, exposure, package-lag
 * and release-lag queries of one report share the read.
 *
 * @example
 * const rhsa = await storedAdvisories(ctx, "rhel");
 */
export function storedAdvisories(ctx: QueryContext, distro: string): Promise<readonly StoredAdvisory[]> {
  return remember(ctx, `advisories\u0000${distro}`, () => ctx.store.advisories(distro));
}
