import { createReadStream, readdirSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { gitFirstSeen } from "../fetch/git-first-seen.js";
import { withGitCheckout } from "../fetch/git-checkout.js";
import { withLocalCopy } from "../fetch/local-copy.js";
import type { AdvisoryRecord } from "../model/advisory-record.js";
import { getDriver } from "../sources/registry.js";
import type { ImportOptions } from "./import-options.js";

type Advisory = Extract<AdvisoryRecord, { kind: "advisory" }>;

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      if (n === ".git") continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".json")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** What one advisory import did. */
export interface AdvisoryImport {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  readonly advisories: number;
  readonly withGitTime: number;
  readonly warnings: readonly string[];
  /** What the import chose to read, when not everything (a CSAF tree's first run). */
  readonly note?: string;
}

/**
 * Imports OSV advisories from a folder, a git repository or a git bundle
 * (cloned to a temporary folder); with git, each advisory's first appearance
 * in the history is kept as its honest publication time. A file that cannot
 * be parsed is reported and skipped; the rest is stored in one transaction.
 *
 * @example
 * await importOsv({ store, catalog, kind: "osv", distro: "almalinux", location: repo, label: repo });
 */
export async function importOsv(o: ImportOptions): Promise<AdvisoryImport> {
  const { store, distro, location, label } = o;
  const sourceId = `${distro}:osv`;
  return withGitCheckout(location, sourceId, async (dir, isGit) => {
    const firstSeen = isGit ? await gitFirstSeen(dir, /\.json$/, sourceId) : new Map<string, string | null>();
    const driver = getDriver("osv");
    const items: { advisory: Advisory; firstSeenGit: string | null }[] = [];
    const warnings: string[] = [];
    const byId = new Map<string, number>();
    for (const file of jsonFiles(dir)) {
      const rel = relative(dir, file);
      if (!/^(advisories\/)?almalinux\d+\//.test(rel) && !/^[A-Z]+-\d{4}[:-]\d+\.json$/.test(basename(file))) continue;
      try {
        for await (const batch of driver.parse(createReadStream(file), { sourceId, file: rel })) {
          for (const r of batch as AdvisoryRecord[]) {
            if (r.kind === "warning") {
              warnings.push(`${rel}: ${r.message}`);
              continue;
            }
            const seen = isGit ? (firstSeen.get(rel) ?? null) : null;
            // The same advisory may sit at two paths across the history; keep the earliest sighting.
            const at = byId.get(r.id);
            if (at !== undefined) {
              const prev = items[at];
              if (prev !== undefined && seen !== null && (prev.firstSeenGit === null || seen < prev.firstSeenGit)) {
                items[at] = { advisory: r, firstSeenGit: seen };
              }
              continue;
            }
            byId.set(r.id, items.length);
            items.push({ advisory: r, firstSeenGit: seen });
          }
        }
      } catch (e) {
        warnings.push(`${rel}: ${(e as Error).message}`);
      }
    }
    await store.upsertAdvisories(distro, "osv", label, items, new Date());
    return {
      distro,
      kind: "osv",
      source: label,
      advisories: items.length,
      withGitTime: items.filter((i) => i.firstSeenGit !== null).length,
      warnings,
    };
  });
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
    const items: { advisory: Advisory; firstSeenGit: null }[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    for await (const batch of getDriver(kind).parse(createReadStream(path), {
      sourceId,
      file: label,
    })) {
      for (const r of batch as AdvisoryRecord[]) {
        if (r.kind === "warning") warnings.push(r.message);
        else if (seen.has(r.id)) warnings.push(`${r.id} appears twice; the first is kept`);
        else {
          seen.add(r.id);
          items.push({ advisory: r, firstSeenGit: null });
        }
      }
    }
    await store.upsertAdvisories(distro, kind, label, items, new Date());
    return { distro, kind, source: label, advisories: items.length, withGitTime: 0, warnings };
  });
}
