import { imageMatrixQuery } from "../../queries/image-matrix-query.js";
import { factTable } from "../fact-table.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

const HEADERS = [
  "distribution",
  "channel",
  "type",
  "images",
  "official",
  "third-party",
  "releases",
  "architectures",
  "as of",
];

/**
 * Images: what each distribution publishes per channel (cloud, on-premise, Vagrant,
 * containers), measured where crawled or imported, and the offers its facts state.
 *
 * @example
 * const { section } = await imagesSection(input);
 */
export async function imagesSection(input: SectionInput): Promise<SectionResult> {
  const { ctx, all, facts } = input;
  // partial: the gaps are named per distribution below, with the command for each.
  const { rows: matrix, images } = await imageMatrixQuery(ctx, { distros: all, partial: true });
  const rows = matrix.map((r) => [
    r.distro,
    r.channel,
    r.type,
    r.images,
    r.official,
    r.thirdParty,
    r.releases.join(" "),
    r.arches.join(" "),
    r.asOf.slice(0, 10),
  ]);
  const have = new Set(images.map((i) => i.distro));
  return {
    section: section("images", "Cloud, on-premise, Vagrant and container images", {
      tables: [
        ...(rows.length > 0 ? [{ title: "Images by channel", headers: HEADERS, rows }] : []),
        factTable("Stated image offers", ["cloud-images", "container-images", "vagrant-boxes"], facts, all),
      ],
      noData: all
        .filter((d) => !have.has(d))
        .map((d) => ({
          what: `${d} images`,
          command: `elscope images crawl --distro ${d}, or elscope import aws-describe-images <file> --distro ${d}`,
        })),
    }),
    // Not a scored criterion: the verdict shows it beside the scores.
    scoreInputs: all
      .filter((d) => have.has(d))
      .map((d) => {
        const mine = matrix.filter((r) => r.distro === d);
        const asOf =
          mine
            .map((r) => r.asOf)
            .sort()
            .at(-1) ?? null;
        return {
          distro: d,
          criterion: "images",
          value: mine.reduce((n, r) => n + r.images, 0),
          input: `${mine.reduce((n, r) => n + r.images, 0)} images (${[...new Set(mine.map((r) => r.channel))].join(", ")})`,
          provenance: { source: "image crawls and imports in the store", asOf },
        };
      }),
  };
}
