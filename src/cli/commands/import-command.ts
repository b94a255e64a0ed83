import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Catalog } from "../../catalog/load-catalog.js";
import { ParseError } from "../../errors/parse-error.js";
import { UsageError } from "../../errors/usage-error.js";
import { Fetcher, localPath } from "../../fetch/fetcher.js";
import type { ReleaseDateRecord } from "../../sources/release-dates/release-date-record.js";
import { getDriver } from "../../sources/registry.js";
import { importMirrorList } from "../../ingest/import-mirror-list.js";
import { IMAGE_IMPORT_KINDS, importImages } from "../../ingest/import-images.js";
import { MIRROR_LIST_KINDS } from "../../catalog/catalog-schema.js";
import type { HistorySampling } from "../../fetch/git-tree-snapshots.js";
import { ADVISORY_FILE_KINDS, importAdvisoryFile, importOsv } from "../../ingest/import-advisories.js";
import type { Store } from "../../store/store.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";

const RELEASE_DATE_KINDS = new Set([
  "endoflife-release-data",
  "endoflife-product",
  "almalinux-release-notes",
  "rocky-version-table",
]);

/** The distribution a release-date file belongs to: --distro, else the catalog source of that kind with the same file name, else the only one. */
function distroFor(catalog: Catalog, kind: string, location: string, given: string | undefined): string {
  if (given !== undefined) {
    if (!catalog.distros.some((d) => d.id === given)) throw new UsageError("arguments", `no distribution "${given}"`);
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

export interface ImportOutcome {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  readonly dates: number;
  readonly warnings: readonly string[];
}

/** Fetches (or reads), parses and stores one release-date source; nothing is stored if it cannot be parsed. */
export async function importReleaseDates(
  store: Store,
  catalog: Catalog,
  kind: string,
  location: string,
  distro?: string,
  label: string = location,
): Promise<ImportOutcome> {
  if (!RELEASE_DATE_KINDS.has(kind)) {
    throw new UsageError(
      "arguments",
      `"${kind}" cannot be imported; kinds: ${[...RELEASE_DATE_KINDS].join(", ")} (repositories come in with \`elscope sync\`)`,
    );
  }
  const driver = getDriver(kind);
  const id = distroFor(catalog, kind, location, distro);
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
    await store.replaceReleaseDates(id, kind, label, dates, new Date());
    return { distro: id, kind, source: label, dates: dates.length, warnings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `elscope import <kind> <file|url>`: reads one release-date source into the store. */
export async function importCommand(
  kind: string,
  location: string,
  opts: GlobalOptions & {
    distro?: string;
    json?: boolean;
    history?: string | boolean;
    region?: string;
    subject?: string;
    asOf?: string;
    label?: string;
  },
): Promise<void> {
  const label = opts.label ?? location;
  const catalog = openCatalog(opts);
  // --as-of: when the imported copy was taken, for copies older than the import (the bundled snapshot).
  const asOf = opts.asOf === undefined ? undefined : new Date(opts.asOf);
  if (asOf !== undefined && Number.isNaN(asOf.getTime()))
    throw new UsageError("arguments", `--as-of wants a date (2026-07-15 or an ISO time), got "${opts.asOf}"`);
  if ((IMAGE_IMPORT_KINDS as readonly string[]).includes(kind)) {
    const distro = opts.distro;
    if (distro === undefined)
      throw new UsageError("arguments", `importing ${kind} needs --distro (whose images they are)`);
    if (!catalog.distros.some((d) => d.id === distro)) throw new UsageError("arguments", `no distribution "${distro}"`);
    await withStore(opts, async (store) => {
      const r = await importImages(store, distro, kind, location, {
        ...(opts.region === undefined ? {} : { region: opts.region }),
        ...(opts.subject === undefined ? {} : { subject: opts.subject }),
        ...(asOf === undefined ? {} : { now: asOf }),
        label,
      });
      for (const w of r.warnings) process.stderr.write(`elscope: ${distro}:${kind}: ${w}\n`);
      if (opts.json === true) printJson({ ...r, warnings: r.warnings.length });
      else
        process.stdout.write(
          `${distro}: ${r.images} images and ${r.counts} counts from ${kind}, ${r.warnings.length} problems\n`,
        );
    });
    return;
  }
  if ((MIRROR_LIST_KINDS as readonly string[]).includes(kind)) {
    const declaring = catalog.distros.filter((d) => d.mirrorNetwork?.lists.some((l) => l.kind === kind));
    const distro = opts.distro ?? (declaring.length === 1 ? declaring[0]?.id : undefined);
    if (distro === undefined)
      throw new UsageError("arguments", `importing ${kind} needs --distro (whose mirror network it is)`);
    if (!catalog.distros.some((d) => d.id === distro)) throw new UsageError("arguments", `no distribution "${distro}"`);
    const history = opts.history === true ? "monthly" : opts.history === false ? undefined : opts.history;
    if (history !== undefined && !["every", "daily", "monthly"].includes(history))
      throw new UsageError("arguments", `--history wants every, daily or monthly, got "${history}"`);
    await withStore(opts, async (store) => {
      const r = await importMirrorList(store, distro, kind, location, {
        ...(history === undefined ? {} : { history: history as HistorySampling }),
        ...(asOf === undefined ? {} : { now: asOf }),
        label,
      });
      for (const w of r.warnings) process.stderr.write(`elscope: ${distro}:${kind}: ${w}\n`);
      if (opts.json === true) printJson({ ...r, warnings: r.warnings.length });
      else {
        process.stdout.write(
          `${distro}: ${r.mirrors} mirrors from ${kind} (${r.snapshots.new} new snapshots, ${r.snapshots.unchanged} unchanged), ${r.warnings.length} problems\n`,
        );
      }
    });
    return;
  }
  if (kind === "osv" || (ADVISORY_FILE_KINDS as readonly string[]).includes(kind)) {
    if (opts.distro === undefined)
      throw new UsageError("arguments", `importing ${kind} needs --distro (whose advisories they are)`);
    const distro = opts.distro;
    if (!catalog.distros.some((d) => d.id === distro)) throw new UsageError("arguments", `no distribution "${distro}"`);
    await withStore(opts, async (store) => {
      const r =
        kind === "osv"
          ? await importOsv(store, distro, location, label)
          : await importAdvisoryFile(store, distro, kind, location, label);
      for (const w of r.warnings) process.stderr.write(`elscope: ${distro}:${kind}: ${w}\n`);
      if (opts.json === true) printJson({ ...r, warnings: r.warnings.length });
      else {
        process.stdout.write(
          `${distro}: ${r.advisories} advisories from ${kind} (${r.withGitTime} with a git first-seen time), ${r.warnings.length} problems\n`,
        );
      }
    });
    return;
  }
  await withStore(opts, async (store) => {
    const r = await importReleaseDates(store, catalog, kind, location, opts.distro, label);
    for (const w of r.warnings) process.stderr.write(`elscope: ${r.distro}:${kind}: ${location}: ${w}\n`);
    if (opts.json === true) printJson(r);
    else
      process.stdout.write(
        `${r.distro}: ${r.dates} dates from ${kind} (${location}), ${r.warnings.length} rows skipped\n`,
      );
  });
}
