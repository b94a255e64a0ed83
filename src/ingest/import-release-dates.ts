import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Catalog } from "../catalog/load-catalog.js";
import { checkDistros } from "../catalog/check-distros.js";
import { ParseError } from "../errors/parse-error.js";
import { UsageError } from "../errors/usage-error.js";
import { Fetcher, localPath } from "../fetch/fetcher.js";
import type { ReleaseDateRecord } from "../model/release-date-record.js";
import { getDriver } from "../sources/registry.js";
import type { ImportOptions } from "./import-options.js";

/** What one release-date import did. */
export interface ReleaseDateImport {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  readonly dates: number;
  readonly warnings: readonly string[];
}

/**
 * The distribution a release-date file belongs to: `given`, else the catalog source of that kind
 * with the same file name, else the only distribution declaring the kind.
 *
 * @example
 * releaseDatesDistro(catalog, "endoflife-product", "almalinux.md", undefined) // "almalinux"
 */
export function releaseDatesDistro(
  catalog: Catalog,
  kind: string,
  location: string,
  given: string | undefined,
): string {
  if (given !== undefined) {
    checkDistros(catalog, [given]);
    return given;
  }
  const stem = (s: string) => basename(s).split(".")[0] ?? "";
  const declaring = catalog.distros.filter((d) => d.releaseDates?.sources.some((s) => s.kind === kind));
  const byName = declaring.filter((d) =>
    d.releaseDates?.sources.some((s) => s.kind === kind && stem(s.url) === stem(location)),
  );
  if (byName.length === 1) return byName[0]?.id as string;
  if (declaring.length === 1) return declaring[0]?.id as string;
  throw new UsageError(
    "arguments",
    `cannot tell which distribution ${location} is about; add --distro (one of ${declaring.map((d) => d.id).join(", ")})`,
  );
}

/**
 * Fetches (or reads), parses and stores one release-date source; nothing is stored if it cannot
 * be parsed. The dates replace the ones the same source gave before.
 *
 * @example
 * await importReleaseDates({ store, catalog, kind: "endoflife-product", distro: "rocky", location: url, label: url });
 */
export async function importReleaseDates(o: ImportOptions): Promise<ReleaseDateImport> {
  const { store, kind, location, distro: id, label } = o;
  const driver = getDriver(kind);
  const dir = await mkdtemp(join(tmpdir(), "elscope-import-"));
  try {
    let path = localPath(location);
    if (path === null) {
      path = join(dir, "source");
      await new Fetcher().fetchToFile({
        url: location,
        dest: path,
        sourceId: `${id}:${kind}`,
        file: location,
        maxBytes: 16 << 20,
      });
    }
    const records: ReleaseDateRecord[] = [];
    const ctx = { sourceId: `${id}:${kind}`, file: location };
    try {
      for await (const batch of driver.parse(createReadStream(path), ctx))
        records.push(...(batch as ReleaseDateRecord[]));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR")
        throw new ParseError(ctx.sourceId, `cannot read: ${code}`, { file: location });
      throw e;
    }
    const dates = records.filter((r) => r.kind === "release-date");
    const warnings = records.filter((r) => r.kind === "warning").map((w) => w.message);
    // Stamped now: --as-of dates only mirror lists and images (see ImportOptions.asOf).
    await store.replaceReleaseDates(id, kind, label, dates, new Date());
    return { distro: id, kind, source: label, dates: dates.length, warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
