import { type ArchRow, architectures } from "../analyze/architectures.js";
import { checkDistros } from "../catalog/check-distros.js";
import { asOf } from "./as-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Which distributions (default: every one in the catalog). */
export interface ArchitecturesParams {
  readonly distros?: readonly string[];
}

/** Architectures per distribution and major. */
export interface ArchitecturesAnswer extends Measured {
  readonly rows: readonly ArchRow[];
}

/**
 * Architectures per distribution and major release: declared in the catalog, and confirmed (or
 * not) by the synced repositories; as of each distribution's newest repository check.
 *
 * @example
 * const { rows } = await architecturesQuery(ctx, { distros: ["rhel", "almalinux"] });
 */
export async function architecturesQuery(
  ctx: QueryContext,
  params: ArchitecturesParams = {},
): Promise<ArchitecturesAnswer> {
  const wanted = params.distros ?? [];
  checkDistros(ctx.catalog, wanted);
  const ids = wanted.length > 0 ? wanted : ctx.catalog.distros.map((d) => d.id);
  return {
    rows: architectures(ctx.catalog, await ctx.store.listRepositories()).filter((r) => ids.includes(r.distro)),
    asOf: await asOf(ctx.store, ids),
    sources: ["catalog/*.yaml", ...ids.map((d) => `synced repositories of ${d}`)],
  };
}
