import { closeSync, constants, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join, relative } from "node:path";
import { createHash } from "node:crypto";
import { ElscopeError } from "../errors/elscope-error.js";
import { ParseError } from "../errors/parse-error.js";
import { SourceError } from "../errors/source-error.js";
import { gitTreeSnapshots } from "../fetch/git-tree-snapshots.js";
import { withGitCheckout } from "../fetch/git-checkout.js";
import { withLocalCopy } from "../fetch/local-copy.js";
import { MIRROR_FILE_MAX_BYTES } from "../sources/mirrors/almalinux-mirrors-driver.js";
import type { MirrorCountRecord } from "../sources/mirrors/mirror-count-history-driver.js";
import type { MirrorEntry, MirrorRecord, MirrorReference } from "../model/mirror-record.js";
import { getDriver } from "../sources/registry.js";
import { MirrorStore, type MirrorSnapshotInput } from "../store/mirror-store.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { importDistro } from "./import-distro.js";
import type { ImportOptions } from "./import-options.js";
import { openRegularFile } from "./open-regular-file.js";
import { parseAllRecords } from "./parse-all-records.js";

/** What one mirror-list import did. */
export interface MirrorImport {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  /** Snapshots stored as new, and ones equal to the previous (only their checked time moved). */
  readonly snapshots: { readonly new: number; readonly unchanged: number };
  /** Mirrors in the newest list (or the last count of a series). */
  readonly mirrors: number;
  readonly warnings: readonly string[];
}

/** A record without its tag: the entry or reference itself. */
function untagged<T extends { kind: string }>(r: T): Omit<T, "kind"> {
  const copy: Partial<T> = { ...r };
  delete copy.kind;
  return copy as Omit<T, "kind">;
}

async function parseBytes(kind: string, bytes: Uint8Array, sourceId: string, file: string): Promise<MirrorRecord[]> {
  const out: MirrorRecord[] = [];
  const chunks = (async function* () {
    yield await Promise.resolve(bytes);
  })();
  for await (const batch of getDriver(kind).parse(chunks, { sourceId, file })) out.push(...(batch as MirrorRecord[]));
  return out;
}

/**
 * One list from many mirrors.d files: a file that cannot be read is reported
 * and skipped, a name or address listed twice is kept once (the first file,
 * in path order), and the rest is the list.
 */
async function listFromFiles(
  files: ReadonlyMap<string, Buffer>,
  sourceId: string,
  cache: Map<string, MirrorRecord[] | string>,
): Promise<{ entries: MirrorEntry[]; warnings: string[] }> {
  const entries: MirrorEntry[] = [];
  const warnings: string[] = [];
  const byName = new Map<string, string>();
  const byUrl = new Map<string, string>();
  for (const path of [...files.keys()].sort()) {
    if (!/\.ya?ml$/.test(path)) continue;
    const bytes = files.get(path) as Buffer;
    const key = `${path}\u0000${createHash("sha1").update(bytes).digest("hex")}`;
    let parsed = cache.get(key);
    if (parsed === undefined) {
      try {
        parsed = await parseBytes("almalinux-mirrors", bytes, sourceId, path);
      } catch (e) {
        if (!(e instanceof ElscopeError)) throw e;
        parsed = `${path}: ${e.problem}`;
      }
      cache.set(key, parsed);
    }
    if (typeof parsed === "string") {
      warnings.push(`${parsed}; skipped`);
      continue;
    }
    for (const r of parsed) {
      if (r.kind === "warning") warnings.push(`${path}: ${r.message}`);
      if (r.kind !== "mirror") continue;
      const entry: MirrorEntry = untagged(r);
      const sameName = byName.get(entry.name);
      if (sameName !== undefined) {
        warnings.push(`${path}: mirror ${entry.name} is already listed in ${sameName}; skipped`);
        continue;
      }
      const url = entry.urls.https ?? entry.urls.http ?? entry.urls.ftp ?? entry.urls.rsync ?? "";
      const sameUrl = byUrl.get(url.replace(/\/+$/, ""));
      if (sameUrl !== undefined) {
        warnings.push(`${path}: ${entry.name} has the same address as ${sameUrl} (${url}); skipped`);
        continue;
      }
      byName.set(entry.name, path);
      byUrl.set(url.replace(/\/+$/, ""), entry.name);
      entries.push(entry);
    }
  }
  return { entries, warnings };
}

/**
 * At most `max` bytes of a file: enough for the driver to refuse a larger one as too large. The
 * buffer is sized by the caller from the file's size (a few hundred bytes for a mirror), not the
 * limit: four hundred files must not hold a MiB each.
 */
function readHead(path: string, max: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const buf = Buffer.alloc(max);
    let n = 0;
    for (let got = -1; got !== 0 && n < max; n += got) got = readSync(fd, buf, n, max - n, null);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The YAML files of mirrors.d (or of `dir` itself). Only regular files are read, looked at with
 * lstat: a link is not followed (a loop, or a file outside the folder) and a FIFO is not opened
 * (it would block); those are reported. A file is read up to one byte past the driver's limit,
 * so a huge one costs no more memory than that and is refused as too large.
 */
function yamlFilesIn(dir: string): { files: Map<string, Buffer>; skipped: string[] } {
  const folder = lstatSync(join(dir, "mirrors.d"), { throwIfNoEntry: false })?.isDirectory()
    ? join(dir, "mirrors.d")
    : dir;
  const files = new Map<string, Buffer>();
  const skipped: string[] = [];
  for (const n of readdirSync(folder).sort()) {
    if (!/\.ya?ml$/.test(n)) continue;
    const p = join(folder, n);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st?.isFile() === true) files.set(relative(dir, p), readHead(p, Math.min(st.size, MIRROR_FILE_MAX_BYTES) + 1));
    else if (st !== undefined && !st.isDirectory()) skipped.push(`${relative(dir, p)}: not a regular file; skipped`);
  }
  return { files, skipped };
}

/**
 * The distribution a mirror list is about: `given`, else the only one whose catalog declares a
 * list of this kind.
 *
 * @example
 * mirrorListDistro(catalog, "metalink", url, undefined) // "centos-stream"
 */
export function mirrorListDistro(catalog: Catalog, kind: string, _location: string, given: string | undefined): string {
  const declaring = catalog.distros.filter((d) => d.mirrorNetwork?.lists.some((l) => l.kind === kind));
  const only = declaring.length === 1 ? declaring[0]?.id : undefined;
  return importDistro(catalog, kind, given, "whose mirror network it is", only);
}

/**
 * Imports AlmaLinux's mirror list from a folder (the repository or its
 * mirrors.d), a git repository, a bundle or a git URL. With `history`, every
 * sampled commit of mirrors.d becomes a snapshot as of its commit time, so
 * the network's growth is measured from the list's own history. Nothing is
 * stored if no mirror can be read.
 *
 * @example
 * await importAlmalinuxMirrors({ store, catalog, kind: "almalinux-mirrors", distro: "almalinux", location: repo, label: repo, history: "monthly" });
 */
export async function importAlmalinuxMirrors(o: ImportOptions): Promise<MirrorImport> {
  const { distro, kind, location, history, label } = o;
  const now = o.asOf ?? new Date();
  const mirrors = new MirrorStore(o.store.db);
  const sourceId = `${distro}:${kind}`;
  return withGitCheckout(location, sourceId, async (dir, isGit) => {
    const cache = new Map<string, MirrorRecord[] | string>();
    const inputs: MirrorSnapshotInput[] = [];
    const base = { distro, sourceKind: kind, source: label, references: [] };
    if (history !== undefined && isGit) {
      for await (const s of gitTreeSnapshots(dir, "mirrors.d", history, sourceId)) {
        const { entries, warnings } = await listFromFiles(s.files, sourceId, cache);
        inputs.push({ ...base, observedAt: s.committedAt, entries, warnings: warnings.length });
      }
    }
    // The list as it is now, whatever its history said.
    const current = yamlFilesIn(dir);
    const listed = await listFromFiles(current.files, sourceId, cache);
    const entries = listed.entries;
    const warnings = [...current.skipped, ...listed.warnings];
    if (entries.length === 0) {
      // YAML files that all fail are bad data (exit 5); a folder without any, a wrong source (exit 4).
      const Err = current.files.size > 0 ? ParseError : SourceError;
      throw new Err(sourceId, `no mirror could be read (${warnings[0] ?? "no YAML files"})`, { file: location });
    }
    inputs.push({ ...base, observedAt: now.toISOString(), entries, warnings: warnings.length });
    const outcomes = await mirrors.saveSnapshots(inputs, now);
    return {
      distro,
      kind,
      source: label,
      snapshots: {
        new: outcomes.filter((o) => o.status === "new").length,
        unchanged: outcomes.filter((o) => o.status === "unchanged").length,
      },
      mirrors: entries.length,
      warnings,
    };
  });
}

/** Every record of the one file at `location` (fetched first if it is a URL), as the kind's driver reads it. */
async function readRecords(o: ImportOptions): Promise<(MirrorRecord | MirrorCountRecord)[]> {
  const sourceId = `${o.distro}:${o.kind}`;
  return withLocalCopy(
    o.location,
    sourceId,
    async (path) => {
      return parseAllRecords<MirrorRecord | MirrorCountRecord>(
        o.kind,
        openRegularFile(path, sourceId, o.location, true),
        { sourceId, file: o.location },
      );
    },
    { maxBytes: 16 << 20 },
  );
}

/**
 * Imports a series of mirror counts (mirror-count-history); it replaces the series the same
 * source gave before. Nothing is stored if the file cannot be read.
 *
 * @example
 * await importMirrorCounts({ store, catalog, kind: "mirror-count-history", distro: "rocky", location: csv, label: csv });
 */
export async function importMirrorCounts(o: ImportOptions): Promise<MirrorImport> {
  const { distro, kind, label } = o;
  const records = await readRecords(o);
  const warnings = records.flatMap((r) => (r.kind === "warning" ? [r.message] : []));
  const counts = records.flatMap((r) => (r.kind === "count" ? [r] : []));
  await new MirrorStore(o.store.db).replaceCounts(distro, kind, label, counts, o.asOf ?? new Date());
  return {
    distro,
    kind,
    source: label,
    snapshots: { new: counts.length, unchanged: 0 },
    mirrors: counts.at(-1)?.mirrors ?? 0,
    warnings,
  };
}

/**
 * Imports one mirror list of `kind` for `distro` from a file or URL (a mirrorlist answer, a
 * metalink, a list of base URLs); each import is a snapshot. Nothing is stored if the list cannot
 * be read at all.
 *
 * @example
 * await importMirrorList({ store, catalog, kind: "metalink", distro: "centos-stream", location: url, label: url });
 */
export async function importMirrorList(o: ImportOptions): Promise<MirrorImport> {
  const { distro, kind, label } = o;
  const now = o.asOf ?? new Date();
  const records = await readRecords(o);
  const warnings = records.flatMap((r) => (r.kind === "warning" ? [r.message] : []));
  const entries: MirrorEntry[] = records.flatMap((r) => (r.kind === "mirror" ? [untagged(r)] : []));
  const references: MirrorReference[] = records.flatMap((r) => (r.kind === "reference" ? [untagged(r)] : []));
  const [outcome] = await new MirrorStore(o.store.db).saveSnapshots(
    [
      {
        distro,
        sourceKind: kind,
        source: label,
        observedAt: now.toISOString(),
        entries,
        references,
        warnings: warnings.length,
      },
    ],
    now,
  );
  return {
    distro,
    kind,
    source: label,
    snapshots: { new: outcome?.status === "new" ? 1 : 0, unchanged: outcome?.status === "unchanged" ? 1 : 0 },
    mirrors: entries.length,
    warnings,
  };
}
