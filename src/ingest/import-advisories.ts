import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { isFeedBackfill } from "../analyze/feed-backfill.js";
import { readGitBlobs } from "../fetch/git-blobs.js";
import { type GitFirstSighting, gitFirstSeen } from "../fetch/git-first-seen.js";
import { withGitCheckout } from "../fetch/git-checkout.js";
import { localPath } from "../fetch/fetcher.js";
import { isGitHistory } from "../fetch/is-git-history.js";
import { ElscopeError } from "../errors/elscope-error.js";
import { SourceError } from "../errors/source-error.js";
import { withLocalCopy } from "../fetch/local-copy.js";
import type { AdvisoryRecord } from "../model/advisory-record.js";
import type { AdvisoryToStore } from "../model/advisory-to-store.js";
import type { OwnPublication } from "../model/own-publication.js";
import { getDriver } from "../sources/registry.js";
import type { ImportOptions } from "./import-options.js";
import { jsonFilesUnder } from "./json-files-under.js";
import { openRegularFile } from "./open-regular-file.js";
import { ownPublicationOf } from "./own-publication-of.js";

/** What one advisory import did. */
export interface AdvisoryImport {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  readonly advisories: number;
  /** Advisories whose first commit in the source's git history is known. */
  readonly withGitTime: number;
  /** Of those, how many were first added by a backfill commit (their feed time is unknown). */
  readonly backfilled: number;
  /** Advisories with the rebuild's own publication time (errata lag can be measured). */
  readonly withOwnPublication: number;
  readonly warnings: readonly string[];
  /** What the import chose to read, when not everything (a CSAF tree's first run). */
  readonly note?: string;
}

/** Advisory files of the AlmaLinux OSV database layout (advisories/almalinuxN/*.json) or named like one. */
const ADVISORY_FILE = /^(?:advisories\/)?almalinux\d+\/.+\.json$|(?:^|\/)[A-Z]+-\d{4}[:-]\d+\.json$/;

/** The advisories and warnings of one OSV file, parsed by the pure `osv` driver. */
async function parseOsv(chunks: AsyncIterable<Uint8Array>, sourceId: string, file: string): Promise<AdvisoryRecord[]> {
  const out: AdvisoryRecord[] = [];
  for await (const batch of getDriver("osv").parse(chunks, { sourceId, file }))
    out.push(...(batch as AdvisoryRecord[]));
  return out;
}

function earliest(x: OwnPublication | null | undefined, y: OwnPublication | null): OwnPublication | null {
  return x === null || x === undefined ? y : y === null || x.at <= y.at ? x : y;
}

function summary(o: ImportOptions, items: readonly AdvisoryToStore[], warnings: readonly string[]): AdvisoryImport {
  return {
    distro: o.distro,
    kind: o.kind,
    source: o.label,
    advisories: items.length,
    withGitTime: items.filter((i) => i.firstSeenGit !== null).length,
    backfilled: items.filter((i) => isFeedBackfill(i.feedCommit?.filesAdded ?? null) === true).length,
    withOwnPublication: items.filter((i) => i.ownPublished != null).length,
    warnings,
  };
}

/**
 * Imports OSV advisories from a folder, a git repository or a git bundle
 * (cloned to a temporary folder). With git, each advisory keeps the commit that
 * first added its file (the feed's time, and an upper bound of its
 * publication) with how many files that commit added (a backfill adds
 * hundreds), and the `modified` of that first version as AlmaLinux's own
 * publication time: later edits overwrite `modified` in the file
 * (https://ossf.github.io/osv-schema/#id-modified-fields), so the file as it is
 * now cannot say when it was published. A file that cannot be parsed is
 * reported and skipped; the rest is stored in one transaction.
 *
 * @example
 * await importOsv({ store, catalog, kind: "osv", distro: "almalinux", location: repo, label: repo });
 */
export async function importOsv(o: ImportOptions): Promise<AdvisoryImport> {
  const { store, distro, location } = o;
  const sourceId = `${distro}:osv`;
  // A plain file (a CSV, a page) is not an OSV source: say so in one line, not in git's words.
  const path = localPath(location);
  if (path !== null && existsSync(path) && statSync(path).isFile() && !isGitHistory(location))
    throw new SourceError(
      sourceId,
      "not an OSV source: give a folder of OSV JSON files, its git repository or a git bundle",
      {
        file: location,
      },
    );
  return withGitCheckout(location, sourceId, async (dir, isGit) => {
    const sightings = isGit ? await gitFirstSeen(dir, ADVISORY_FILE, sourceId) : new Map<string, GitFirstSighting>();
    const listing = jsonFilesUnder(dir);
    const files = listing.files.map((f) => relative(dir, f)).filter((rel) => ADVISORY_FILE.test(rel));
    const wanted = [...new Set(files.flatMap((rel) => sightings.get(rel)?.blob ?? []))];
    const firstVersions = await readGitBlobs(dir, wanted, sourceId);
    const byId = new Map<string, AdvisoryToStore>();
    const warnings: string[] = [...listing.skipped];
    for (const rel of files) {
      let records: AdvisoryRecord[];
      try {
        records = await parseOsv(openRegularFile(join(dir, rel), sourceId, rel), sourceId, rel);
      } catch (e) {
        // The problem alone: the line already names the source and the file.
        warnings.push(`${rel}: ${e instanceof ElscopeError ? e.problem : (e as Error).message}`);
        continue;
      }
      const seen = sightings.get(rel);
      const own = seen === undefined ? null : await firstModified(seen, firstVersions, sourceId, rel, warnings);
      for (const r of records) {
        if (r.kind === "warning") {
          warnings.push(`${rel}: ${r.message}`);
          continue;
        }
        const ownPublished = own?.id === r.id ? own.published : null;
        const item: AdvisoryToStore = {
          advisory: r,
          firstSeenGit: seen?.committedAt ?? null,
          feedCommit: seen === undefined ? null : { commit: seen.commit, filesAdded: seen.filesAdded },
          ownPublished,
        };
        // The same advisory may sit at two paths across the history: the earliest sighting and own time win.
        const prev = byId.get(r.id);
        const earlier =
          prev === undefined ||
          (item.firstSeenGit !== null && (prev.firstSeenGit === null || item.firstSeenGit < prev.firstSeenGit));
        byId.set(r.id, {
          ...(earlier ? item : prev),
          ownPublished: earliest(prev?.ownPublished, ownPublished),
        });
      }
    }
    const items = [...byId.values()];
    await store.upsertAdvisories(distro, "osv", o.label, items, new Date());
    return summary({ ...o, kind: "osv" }, items, warnings);
  });
}

/**
 * The id and `modified` of a file's first version (the blob its first commit added), parsed by
 * the same driver; a first version that cannot be parsed is reported and gives no own time.
 */
async function firstModified(
  seen: GitFirstSighting,
  blobs: ReadonlyMap<string, Buffer>,
  sourceId: string,
  rel: string,
  warnings: string[],
): Promise<{ id: string; published: OwnPublication | null } | null> {
  const blob = blobs.get(seen.blob);
  if (blob === undefined) return null;
  const file = `${rel} as first committed (${seen.commit.slice(0, 12)})`;
  try {
    const first = (await parseOsv(Readable.from([blob]), sourceId, file)).find((r) => r.kind === "advisory");
    if (first === undefined) return null;
    return {
      id: first.id,
      published: first.updated === null ? null : { at: first.updated, field: "OSV modified, first version" },
    };
  } catch (e) {
    warnings.push(`${file}: ${(e as Error).message}`);
    return null;
  }
}

/**
 * Imports one file of advisories of `kind` for `distro` (updateinfo.xml, an Apollo API page,
 * errata.json, a CSAF document); nothing is stored if it cannot be parsed.
 *
 * @example
 * await importAdvisoryFile({ store, catalog, kind: "rocky-apollo", distro: "rocky", location: url, label: url });
 */
export async function importAdvisoryFile(o: ImportOptions): Promise<AdvisoryImport> {
  const { store, distro, kind, location, label } = o;
  const sourceId = `${distro}:${kind}`;
  return withLocalCopy(location, sourceId, async (path) => {
    const items: AdvisoryToStore[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    for await (const batch of getDriver(kind).parse(openRegularFile(path, sourceId, label, true), {
      sourceId,
      file: label,
    })) {
      for (const r of batch as AdvisoryRecord[]) {
        if (r.kind === "warning") warnings.push(r.message);
        else if (seen.has(r.id)) warnings.push(`${r.id} appears twice; the first is kept`);
        else {
          seen.add(r.id);
          items.push({ advisory: r, firstSeenGit: null, ownPublished: ownPublicationOf(kind, r) });
        }
      }
    }
    await store.upsertAdvisories(distro, kind, label, items, new Date());
    return summary(o, items, warnings);
  });
}
