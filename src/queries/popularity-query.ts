import { checkDistros } from "../catalog/check-distros.js";
import { NoDataError } from "../errors/no-data-error.js";
import { ImageStore, type PopularityPoint } from "../store/image-store.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Whose series (default: every distribution's). */
export interface PopularityParams {
  readonly distros?: readonly string[];
  /** Only these metrics (default: all). */
  readonly metrics?: readonly string[];
  /** true: an empty answer instead of "no data" (the API's table and the report show the gap themselves). */
  readonly partial?: boolean;
}

/** Every point of the popularity series, oldest first within a series. */
export interface PopularityAnswer extends Measured {
  readonly points: readonly PopularityPoint[];
}

/**
 * The popularity series in the store (pulls, stars, downloads, countme totals), each point with
 * its date and source. NoDataError when there is none for the distributions asked.
 *
 * @example
 * const { points } = await popularityQuery(ctx, { distros: ["almalinux"] });
 */
export async function popularityQuery(ctx: QueryContext, params: PopularityParams = {}): Promise<PopularityAnswer> {
  const distros = params.distros ?? [];
  checkDistros(ctx.catalog, distros);
  const metrics = params.metrics ?? [];
  const points = (
    await new ImageStore(ctx.store.db, ctx.store.asOf).popularity(distros.length > 0 ? distros : undefined)
  ).filter((p) => metrics.length === 0 || metrics.includes(p.metric));
  if (points.length === 0 && params.partial !== true) {
    throw new NoDataError(
      "store",
      "no popularity data: run `elscope import <docker-hub-repository|quay-repository|vagrant-cloud-box|popularity-csv|countme-totals> <file> --distro <id>` first",
    );
  }
  // A series is as of its newest point: the points carry dates, not import times.
  const asOf: Record<string, string | null> = {};
  for (const p of points) if ((asOf[p.distro] ?? "") < p.date) asOf[p.distro] = p.date;
  return {
    points,
    asOf,
    sources: [...new Set(points.map((p) => `${p.sourceKind} ${p.source}`))].sort(),
  };
}
