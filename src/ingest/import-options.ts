import type { Catalog } from "../catalog/load-catalog.js";
import type { HistorySampling } from "../fetch/git-tree-snapshots.js";
import type { Store } from "../store/store.js";

/**
 * What every importer is given, whatever its family: `elscope import`'s flags and the catalog's
 * live sources (`elscope update`) both come down to this. An importer reads what its kind needs.
 *
 * @example
 * const options: ImportOptions = { store, catalog, kind: "osv", distro: "almalinux", location: dir, label: dir };
 */
export interface ImportOptions {
  readonly store: Store;
  readonly catalog: Catalog;
  /** The source kind, as the registry names it. */
  readonly kind: string;
  /**
   * Whose data it is: a catalog distribution, as the importer's `distroFor` settled it (a comma list
   * for a source about several, endoflife.date's page history).
   */
  readonly distro: string;
  /** A file, folder, git repository or bundle, file:// or http(s) URL. */
  readonly location: string;
  /** What the store names as the source: the location, or what the caller calls it (repository @ commit). */
  readonly label: string;
  /** Mirror lists and images: when this copy was taken, if earlier than now (the bundled snapshot's). */
  readonly asOf?: Date;
  /** almalinux-mirrors from git: a snapshot per sampled commit. */
  readonly history?: HistorySampling;
  /** aws-describe-images: the AWS region the output is from. */
  readonly region?: string;
  /** docker-hub-tags: the repository; popularity-csv: the subject when the file names none. */
  readonly subject?: string;
}
