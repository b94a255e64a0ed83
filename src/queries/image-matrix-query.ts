import { type ImageMatrixRow, imageMatrix } from "../analyze/image-matrix.js";
import { checkDistros } from "../catalog/check-distros.js";
import { NoDataError } from "../errors/no-data-error.js";
import { ImageStore } from "../store/image-store.js";
import type { CurrentImage } from "../model/current-image.js";
import { type RequestedAsOf, answerAsOf, noDataAsOf } from "./answer-as-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Which distributions and channels (default: all). */
export interface ImageMatrixParams {
  readonly distros?: readonly string[];
  readonly channels?: readonly string[];
  /** true: an empty answer instead of "no data" (the report shows the gap itself). */
  readonly partial?: boolean;
}

/** The image matrix, and every image behind it. */
export interface ImageMatrixAnswer extends Measured, RequestedAsOf {
  readonly rows: readonly ImageMatrixRow[];
  readonly images: readonly CurrentImage[];
}

/**
 * Images per distribution and channel: types, releases, architectures, official (the catalog's
 * publishers) and third-party, newest date and as-of time.
 *
 * @example
 * const { rows } = await imageMatrixQuery(ctx, { distros: ["almalinux"], channels: ["aws"] });
 */
export async function imageMatrixQuery(ctx: QueryContext, params: ImageMatrixParams = {}): Promise<ImageMatrixAnswer> {
  const distros = params.distros ?? [];
  const channels = params.channels ?? [];
  checkDistros(ctx.catalog, distros);
  const images = (
    await new ImageStore(ctx.store.db, ctx.store.asOf).currentImages(distros.length > 0 ? distros : undefined)
  ).filter((i) => channels.length === 0 || channels.includes(i.channel));
  const none = noDataAsOf(ctx, images.length === 0, "image observation");
  if (none !== null && params.partial !== true) throw none;
  if (images.length === 0 && params.partial !== true) {
    throw new NoDataError(
      "store",
      "no image data: run `elscope images crawl --distro <id>` or `elscope import <aws-describe-images|vagrant-cloud-box|...> <file> --distro <id>` first",
    );
  }
  const asOf: Record<string, string | null> = {};
  for (const i of images) if ((asOf[i.distro] ?? "") < i.observedAt) asOf[i.distro] = i.observedAt;
  return answerAsOf(ctx, {
    rows: imageMatrix(ctx.catalog.distros, images),
    images,
    asOf,
    sources: [...new Set(images.map((i) => i.source))].sort(),
  });
}
