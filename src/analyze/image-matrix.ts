import type { Distro } from "../catalog/catalog-schema.js";
import type { CurrentImage } from "../model/current-image.js";

/** One cell of the image matrix: a distribution's images of one type on one channel. */
export interface ImageMatrixRow {
  readonly distro: string;
  readonly channel: string;
  readonly type: string;
  readonly releases: readonly string[];
  readonly arches: readonly string[];
  readonly images: number;
  /** Images of the distribution's own publishers or lists; null when the catalog names none for the channel. */
  readonly official: number | null;
  readonly thirdParty: number | null;
  /** Images whose source names no publisher. */
  readonly unknownPublisher: number;
  /** Regions (AWS) or registries where it is offered. */
  readonly locations: number;
  readonly newest: string | null;
  readonly sources: readonly string[];
  readonly asOf: string;
}

const sortVersions = (xs: Iterable<string>): string[] =>
  [...new Set(xs)].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

/**
 * Groups a distribution's current images by channel and type: which
 * releases and architectures exist, how many are official (by the catalog's
 * publishers and lists) and how many third-party, where, and how recent.
 *
 * @example
 * imageMatrix(catalog.distros, images).filter((r) => r.channel === "aws")
 */
export function imageMatrix(distros: readonly Distro[], images: readonly CurrentImage[]): readonly ImageMatrixRow[] {
  const groups = new Map<string, CurrentImage[]>();
  for (const i of images) {
    // Marketplace offers are many names for few things: group them by channel only, listing types in the row.
    const type = i.channel === "mirror" || i.channel === "vagrant" || i.channel === "container" ? i.type : "all";
    const k = `${i.distro}\u0000${i.channel}\u0000${type}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return [...groups]
    .map(([k, rows]) => {
      const [distro = "", channel = "", type = ""] = k.split("\u0000");
      const d = distros.find((x) => x.id === distro);
      const publishers =
        d?.images?.officialPublishers[channel as keyof NonNullable<Distro["images"]>["officialPublishers"]];
      const officialSources = d?.images?.officialSources ?? [];
      const known =
        publishers !== undefined || rows.some((r) => officialSources.includes(r.sourceKind)) || channel === "mirror";
      const isOfficial = (r: CurrentImage): boolean =>
        channel === "mirror" ||
        officialSources.includes(r.sourceKind) ||
        (r.publisher !== null && (publishers ?? []).includes(r.publisher));
      const official = known ? rows.filter(isOfficial).length : null;
      const unknownPublisher = rows.filter((r) => !isOfficial(r) && r.publisher === null).length;
      return {
        distro,
        channel,
        type,
        releases: sortVersions(rows.flatMap((r) => (r.release === null ? [] : [r.release]))),
        arches: [...new Set(rows.flatMap((r) => (r.arch === null ? [] : [r.arch])))].sort(),
        images: rows.length,
        official,
        thirdParty: official === null ? null : rows.length - official - unknownPublisher,
        unknownPublisher,
        locations: new Set(rows.map((r) => r.location ?? "")).size,
        newest:
          rows
            .map((r) => r.published)
            .filter((p): p is string => p !== null)
            .sort()
            .at(-1) ?? null,
        sources: [...new Set(rows.map((r) => `${r.sourceKind} ${r.source}`))].sort(),
        asOf:
          rows
            .map((r) => r.observedAt)
            .sort()
            .at(-1) ?? "",
      };
    })
    .sort(
      (a, b) => a.distro.localeCompare(b.distro) || a.channel.localeCompare(b.channel) || a.type.localeCompare(b.type),
    );
}
