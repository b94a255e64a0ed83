import { readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { CSAF_FIRST_RUN_DAYS } from "../catalog/defaults.js";
import { SourceError } from "../errors/source-error.js";
import { isTarArchive, withExtractedArchive } from "../fetch/extract-archive.js";
import { Fetcher, localPath } from "../fetch/fetcher.js";
import { withLocalCopy } from "../fetch/local-copy.js";
import type { AdvisoryRecord } from "../model/advisory-record.js";
import { type CsafChange, parseCsafChanges } from "../sources/advisories/csaf-changes.js";
import { getDriver } from "../sources/registry.js";
import type { AdvisoryImport } from "./import-advisories.js";
import type { ImportOptions } from "./import-options.js";
import { jsonFilesUnder } from "./json-files-under.js";
import { openRegularFile } from "./open-regular-file.js";

type Advisory = Extract<AdvisoryRecord, { kind: "advisory" }>;

const DAY_MS = 86_400_000;

// Control characters in file names and messages are escaped where every importer's warnings
// leave it (importers.ts), so a hostile name cannot forge more lines.
const oneLine = (file: string, message: string): string => `${file}: ${message}`;

/** Parses CSAF files; one that fails is reported (by its shown name) and skipped, unless `strict`. */
async function parseFiles(
  files: readonly { path: string; shown: string }[],
  sourceId: string,
  strict = false,
  skipped: readonly string[] = [],
): Promise<{ items: { advisory: Advisory; firstSeenGit: null }[]; warnings: string[] }> {
  const driver = getDriver("redhat-csaf");
  const byId = new Map<string, Advisory>();
  const warnings: string[] = [...skipped];
  for (const { path, shown } of files) {
    try {
      // One document named on the command line is read as given (a link, a pipe from <(...));
      // a folder's files only when regular.
      for await (const batch of driver.parse(openRegularFile(path, sourceId, shown, strict), {
        sourceId,
        file: shown,
      })) {
        for (const r of batch as AdvisoryRecord[]) {
          if (r.kind === "warning") warnings.push(oneLine(shown, r.message));
          else if (byId.has(r.id)) warnings.push(oneLine(shown, `${r.id} appears twice; the first is kept`));
          else byId.set(r.id, r);
        }
      }
    } catch (e) {
      if (strict) throw e;
      warnings.push(
        oneLine(shown, e instanceof Error ? ((e as { problem?: string }).problem ?? e.message) : String(e)),
      );
    }
  }
  return { items: [...byId.values()].map((advisory) => ({ advisory, firstSeenGit: null })), warnings };
}

async function store(
  o: ImportOptions,
  parsed: Awaited<ReturnType<typeof parseFiles>>,
  note: string | null,
): Promise<AdvisoryImport> {
  await o.store.upsertAdvisories(o.distro, o.kind, o.label, parsed.items, new Date());
  return {
    distro: o.distro,
    kind: o.kind,
    source: o.label,
    advisories: parsed.items.length,
    withGitTime: 0,
    backfilled: 0,
    // CSAF is the upstream's own record: its release time is the upstream clock, not a rebuild's publication.
    withOwnPublication: 0,
    warnings: parsed.warnings,
    ...(note === null ? {} : { note }),
  };
}

/** The documents of a changes.csv to fetch: newer than the cursor, else the newest days of it. */
function wanted(changes: readonly CsafChange[], cursor: string | null): { take: CsafChange[]; note: string | null } {
  // A document changed twice is listed once in a well-formed file; keep its newest time anyway.
  const newest = new Map<string, string>();
  for (const c of changes) if ((newest.get(c.path) ?? "") < c.changed) newest.set(c.path, c.changed);
  const all = [...newest].map(([path, changed]) => ({ path, changed }));
  if (cursor !== null) return { take: all.filter((c) => c.changed > cursor), note: null };
  const last = all.reduce((m, c) => (c.changed > m ? c.changed : m), "");
  if (last === "") return { take: [], note: null };
  const from = new Date(Date.parse(last) - CSAF_FIRST_RUN_DAYS * DAY_MS).toISOString();
  return {
    take: all.filter((c) => c.changed >= from),
    note: `first run: the documents changes.csv lists as changed in the ${CSAF_FIRST_RUN_DAYS} days up to ${last.slice(0, 10)}; import the tree's archive (archive_latest.txt) for the whole history`,
  };
}

/** A CSAF tree over HTTP(S): its changes.csv says what is new since the stored cursor; only that is fetched. */
async function importTree(o: ImportOptions, sourceId: string): Promise<AdvisoryImport> {
  const base = o.location.endsWith("/") ? o.location : `${o.location}/`;
  const fetcher = new Fetcher();
  const tmp = await mkdtemp(join(tmpdir(), "elscope-csaf-"));
  try {
    const changesPath = join(tmp, "changes.csv");
    await fetcher.fetchToFile({ url: `${base}changes.csv`, dest: changesPath, sourceId, file: "changes.csv" });
    const changes = parseCsafChanges(readFileSync(changesPath, "utf8"), sourceId, "changes.csv");
    const cursor = await o.store.sourceCursor(o.kind, o.distro, base);
    const { take, note } = wanted(changes, cursor);
    // Every listed document is fetched before anything is stored: a failed fetch keeps the last good data.
    const files = await Promise.all(
      take.map(async (c, i) => {
        const dest = join(tmp, `${i}.json`);
        await fetcher.fetchToFile({ url: base + c.path, dest, sourceId, file: c.path, maxBytes: 256 << 20 });
        return { path: dest, shown: c.path };
      }),
    );
    const r = await store(o, await parseFiles(files, sourceId), note);
    const next = take.reduce((m, c) => (c.changed > m ? c.changed : m), cursor ?? "");
    // Set after the advisories are stored: a failure in between only fetches the same files again.
    if (next !== "" && next !== cursor) await o.store.setSourceCursor(o.kind, o.distro, base, next, new Date());
    return r;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function importLocal(o: ImportOptions, sourceId: string, path: string, shown: string): Promise<AdvisoryImport> {
  if (isTarArchive(shown)) {
    return withExtractedArchive(
      path,
      sourceId,
      async (dir) => {
        const listing = jsonFilesUnder(dir);
        const files = listing.files.map((f) => ({ path: f, shown: `${shown}:${relative(dir, f)}` }));
        const skipped = listing.skipped.map((s) => `${shown}:${s}`);
        return store(o, await parseFiles(files, sourceId, false, skipped), null);
      },
      shown,
    );
  }
  if (statSync(path).isDirectory()) {
    const listing = jsonFilesUnder(path);
    const files = listing.files.map((f) => ({ path: f, shown: relative(path, f) }));
    if (files.length === 0) throw new SourceError(sourceId, "no .json files in the folder", { file: shown });
    return store(o, await parseFiles(files, sourceId, false, listing.skipped), null);
  }
  // One document: nothing to store when it cannot be read, so its ParseError is the answer.
  return store(o, await parseFiles([{ path, shown }], sourceId, true), null);
}

/**
 * Imports Red Hat CSAF advisories (https://security.access.redhat.com/data/csaf/v2/advisories/)
 * from one file, a folder (every .json below it), a .tar.zst/.tar.xz/.tar archive (such as the
 * tree's csaf_advisories_YYYY-MM-DD.tar.zst), the URL of one file or archive, or the tree's base
 * URL: then changes.csv is read and only what changed since the last run is fetched (the first
 * run takes the newest days, `CSAF_FIRST_RUN_DAYS`). A file that fails to parse is reported and
 * skipped; the rest is stored in one transaction.
 *
 * @example
 * await importCsaf({ store, catalog, kind: "redhat-csaf", distro: "rhel", location: "https://security.access.redhat.com/data/csaf/v2/advisories/", label });
 */
export async function importCsaf(o: ImportOptions): Promise<AdvisoryImport> {
  const sourceId = `${o.distro}:${o.kind}`;
  const local = localPath(o.location);
  if (local !== null) {
    return withLocalCopy(o.location, sourceId, (path) => importLocal(o, sourceId, path, o.location));
  }
  const name = new URL(o.location).pathname;
  if (name.endsWith(".json") || isTarArchive(name)) {
    return withLocalCopy(o.location, sourceId, (path) => importLocal(o, sourceId, path, o.location), {
      // 4 GiB; `4 << 30` would be 0 in 32-bit shift arithmetic.
      maxBytes: 4 * 1024 ** 3,
    });
  }
  return importTree(o, sourceId);
}
