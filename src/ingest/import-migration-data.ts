import type { Catalog } from "../catalog/load-catalog.js";
import { withLocalCopy } from "../fetch/local-copy.js";
import type { LeappRecord } from "../model/leapp-record.js";
import { MigrationDataStore } from "../store/migration-data-store.js";
import { importDistro } from "./import-distro.js";
import type { ImportOptions } from "./import-options.js";
import { openRegularFile } from "./open-regular-file.js";
import { parseAllRecords } from "./parse-all-records.js";

/** What one import of leapp's data did. */
export interface MigrationDataImport {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  readonly records: number;
  readonly warnings: readonly string[];
}

/** leapp-data's file names start with its vendor folder's name (files/<vendor>/): the distribution it targets. */
const VENDOR_PREFIXES: readonly [prefix: string, distro: string][] = [
  ["almalinux", "almalinux"],
  ["rocky", "rocky"],
  ["oraclelinux", "oracle"],
  ["centos", "centos-stream"],
];

/**
 * Whose leapp data a file is: --distro, else the vendor its name starts with
 * (almalinux-repomap.json.el9 → almalinux, oraclelinux-… → oracle, centos-… → centos-stream).
 *
 * @example
 * migrationDataDistro(catalog, "leapp-repomap", "/data/rocky-repomap.json.el9", undefined) // "rocky"
 */
export function migrationDataDistro(
  catalog: Catalog,
  kind: string,
  location: string,
  given: string | undefined,
): string {
  const base = location.split(/[/\\]/).at(-1) ?? "";
  const fallback = VENDOR_PREFIXES.find(([p]) => base.startsWith(`${p}-`))?.[1];
  return importDistro(catalog, kind, given, "whose migration target the data describes", fallback);
}

/**
 * Imports one leapp data file (repository map, PES events, device driver deprecation data) for
 * `distro`, replacing what the store had of that kind for it.
 *
 * @example
 * await importMigrationData({ store, catalog, kind: "leapp-repomap", distro: "almalinux", location: file, label: file });
 */
export async function importMigrationData(o: ImportOptions): Promise<MigrationDataImport> {
  const { store, distro, kind, location, label } = o;
  const sourceId = `${distro}:${kind}`;
  const now = o.asOf ?? new Date();
  return withLocalCopy(
    location,
    sourceId,
    async (path) => {
      const records = await parseAllRecords<LeappRecord>(kind, openRegularFile(path, sourceId, location, true), {
        sourceId,
        file: location,
      });
      await new MigrationDataStore(store.db).replace(
        { distro, sourceKind: kind, source: label, importedAt: now.toISOString() },
        records,
      );
      const warnings = records.flatMap((r) => (r.kind === "warning" ? [r.message] : []));
      return { distro, kind, source: label, records: records.length - warnings.length, warnings };
    },
    { maxBytes: 256 << 20 },
  );
}
