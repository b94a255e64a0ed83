import { defaultUpstream } from "../catalog/default-upstream.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { escapeControl } from "../errors/escape-control.js";
import { UsageError } from "../errors/usage-error.js";
import { isGitHistory } from "../fetch/is-git-history.js";
import { kindsOf } from "../sources/registry.js";
import { type AdvisoryImport, importAdvisoryFile, importOsv } from "./import-advisories.js";
import { importCsaf } from "./import-csaf.js";
import { importDistro } from "./import-distro.js";
import { historyDistros, importEndoflifeProductHistory } from "./import-endoflife-product-history.js";
import { type ImageImport, importImages } from "./import-images.js";
import {
  type MirrorImport,
  importAlmalinuxMirrors,
  importMirrorCounts,
  importMirrorList,
  mirrorListDistro,
} from "./import-mirror-list.js";
import { type MigrationDataImport, importMigrationData, migrationDataDistro } from "./import-migration-data.js";
import type { ImportOptions } from "./import-options.js";
import { type ReleaseDateImport, importReleaseDates, releaseDatesDistro } from "./import-release-dates.js";

/** What each importable family's importers answer. */
export interface ImportResults {
  readonly "release-dates": ReleaseDateImport;
  readonly advisories: AdvisoryImport;
  readonly mirrors: MirrorImport;
  readonly images: ImageImport;
  readonly popularity: ImageImport;
  readonly leapp: MigrationDataImport;
}

/** The source families `elscope import` and `elscope update` read (rpm-md comes with `elscope sync`). */
export type ImportFamily = keyof ImportResults;

/**
 * How one source kind comes into the store.
 *
 * @example
 * const importer = importerFor("osv");
 * const distro = importer.distroFor(catalog, "osv", dir, "almalinux");
 * const r = await importer.run({ store, catalog, kind: "osv", distro, location: dir, label: dir });
 */
export interface Importer<F extends ImportFamily = ImportFamily> {
  readonly family: F;
  /**
   * Whose data the source is: `given` (--distro) checked against the catalog, or what the catalog
   * tells. Separate from `run` so that a wrong command line fails before any store is opened.
   */
  readonly distroFor: (catalog: Catalog, kind: string, location: string, given: string | undefined) => string;
  readonly run: (options: ImportOptions) => Promise<ImportResults[F]>;
}

/** An importer of whichever family, as the table holds them. */
export type AnyImporter = { [F in ImportFamily]: Importer<F> }[ImportFamily];

const distroNamed =
  (whose: string): Importer["distroFor"] =>
  (catalog, kind, _location, given) =>
    importDistro(catalog, kind, given, whose);

// A family's importer reads one file of its kind's format.
const BY_FAMILY: { readonly [F in ImportFamily]: Importer<F> } = {
  "release-dates": { family: "release-dates", distroFor: releaseDatesDistro, run: importReleaseDates },
  advisories: { family: "advisories", distroFor: distroNamed("whose advisories they are"), run: importAdvisoryFile },
  mirrors: { family: "mirrors", distroFor: mirrorListDistro, run: importMirrorList },
  images: { family: "images", distroFor: distroNamed("whose images they are"), run: importImages },
  popularity: { family: "popularity", distroFor: distroNamed("whose images they are"), run: importImages },
  leapp: { family: "leapp", distroFor: migrationDataDistro, run: importMigrationData },
};

// Kinds whose source is not one such file: a git tree of many files, or a series kept as counts.
// endoflife-product reads either one page or the git history of every page (its own source kind).
const BY_KIND: Readonly<Record<string, AnyImporter>> = {
  "endoflife-product": {
    family: "release-dates",
    distroFor: (catalog, kind, location, given) =>
      isGitHistory(location) ? historyDistros(catalog, given) : releaseDatesDistro(catalog, kind, location, given),
    run: (o) => (isGitHistory(o.location) ? importEndoflifeProductHistory(o) : importReleaseDates(o)),
  },
  osv: { ...BY_FAMILY.advisories, run: importOsv },
  // A CSAF tree is many files (a folder, an archive, or a served tree read through its changes.csv);
  // they are the upstream's own advisories, so --distro defaults to the catalog's upstream.
  "redhat-csaf": {
    family: "advisories",
    distroFor: (catalog, kind, _location, given) =>
      importDistro(catalog, kind, given, "whose advisories they are", defaultUpstream(catalog)),
    run: importCsaf,
  },
  "almalinux-mirrors": { ...BY_FAMILY.mirrors, run: importAlmalinuxMirrors },
  "mirror-count-history": { ...BY_FAMILY.mirrors, run: importMirrorCounts },
};

/**
 * The importer with its warnings made one safe line each: they quote file names and fields of the
 * input, and every command prints them (or stores them in a job), so they are escaped in one place.
 */
function escapingWarnings<F extends ImportFamily>(importer: Importer<F>): Importer<F> {
  return {
    ...importer,
    run: async (o) => {
      const r = await importer.run(o);
      return { ...r, warnings: r.warnings.map(escapeControl) };
    },
  };
}

/**
 * Every importable source kind and its importer, family by family in the registry's order: the
 * one table `elscope import` and `elscope update` look kinds up in.
 */
export const IMPORTERS: ReadonlyMap<string, AnyImporter> = new Map(
  (Object.keys(BY_FAMILY) as ImportFamily[]).flatMap((family) =>
    kindsOf(family).map((kind): [string, AnyImporter] => [
      kind,
      escapingWarnings<ImportFamily>(BY_KIND[kind] ?? BY_FAMILY[family]) as AnyImporter,
    ]),
  ),
);

/**
 * The importer of `kind`; a UsageError names the kinds there are.
 *
 * @example
 * importerFor("metalink").family // "mirrors"
 */
export function importerFor(kind: string): AnyImporter {
  const importer = IMPORTERS.get(kind);
  if (importer === undefined) {
    throw new UsageError(
      "arguments",
      `"${kind}" cannot be imported; kinds: ${[...IMPORTERS.keys()].join(", ")} (repositories come in with \`elscope sync\`)`,
    );
  }
  return importer;
}
