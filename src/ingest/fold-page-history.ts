import type { ReleaseDateRecord, ReleaseStage } from "../model/release-date-record.js";
import type { ReleaseDateRow } from "../model/release-date-row.js";

/** One version of one distribution's page: what it stated at one commit. */
export interface PageVersion {
  readonly distro: string;
  /** The page's path in the repository (products/rhel.md). */
  readonly path: string;
  readonly commit: string;
  /** Committer time, ISO 8601 UTC. */
  readonly committedAt: string;
  /** The page's records at that commit, or the one-line problem that kept it from being read. */
  readonly content:
    | { readonly kind: "read"; readonly records: readonly ReleaseDateRecord[] }
    | { readonly kind: "unreadable"; readonly problem: string };
}

/** Every release's date with the commit it came from, per distribution, and what is worth saying. */
export interface FoldedPageHistory {
  readonly dates: ReadonlyMap<string, readonly ReleaseDateRow[]>;
  readonly warnings: readonly string[];
}

/** Where a statement came from, as the store's `source` column and the warnings name it. */
const at = (v: PageVersion): string => `@${v.commit.slice(0, 8)} (${v.committedAt.slice(0, 10)})`;

interface Stated {
  readonly distro: string;
  readonly release: string;
  readonly stage: ReleaseStage;
  readonly path: string;
  /** Each date the history gave, in commit order, with the first version that gave it. */
  readonly runs: { date: string; version: PageVersion }[];
}

/**
 * Folds a page history, oldest version first, into one date per release: the date the newest
 * version stating the release gives, named after the commit that first gave it (so a minor that
 * was `latest` only in older commits keeps its date and that commit). A release whose date changed
 * on the way gets a warning naming each earlier date and its commit: a correction, worth showing.
 * A version that could not be read, and each row problem (once per page, with how often it came
 * back), are warnings too; the other versions still count. Pure.
 *
 * @example
 * foldPageHistory(versions, "endoflife-date/endoflife.date").dates.get("rhel")
 * // [{ release: "9.4", stage: "ga", date: "2024-04-30", source: "endoflife-date/endoflife.date products/rhel.md @b90794c7 (2024-07-06)" }, ...]
 */
export function foldPageHistory(versions: readonly PageVersion[], repository: string): FoldedPageHistory {
  const stated = new Map<string, Stated>();
  const problems = new Map<string, { first: string; again: number }>();
  const problem = (v: PageVersion, message: string): void => {
    const key = `${v.path}\u0000${message}`;
    const seen = problems.get(key);
    if (seen === undefined) problems.set(key, { first: `${v.path} ${at(v)}: ${message}`, again: 0 });
    else seen.again++;
  };
  for (const v of versions) {
    if (v.content.kind === "unreadable") {
      problem(v, `${v.content.problem}; this version is skipped`);
      continue;
    }
    for (const r of v.content.records) {
      if (r.kind === "warning") {
        problem(v, r.message);
        continue;
      }
      const key = `${v.distro}|${r.release}|${r.stage}`;
      const s = stated.get(key) ?? { distro: v.distro, release: r.release, stage: r.stage, path: v.path, runs: [] };
      stated.set(key, s);
      if (s.runs.at(-1)?.date !== r.date) s.runs.push({ date: r.date, version: v });
    }
  }
  const dates = new Map<string, ReleaseDateRow[]>();
  const warnings: string[] = [];
  for (const s of stated.values()) {
    const kept = s.runs.at(-1) as Stated["runs"][number];
    const rows = dates.get(s.distro) ?? [];
    dates.set(s.distro, rows);
    rows.push({
      release: s.release,
      stage: s.stage,
      date: kept.date,
      source: `${repository} ${s.path} ${at(kept.version)}`,
    });
    if (s.runs.length > 1) {
      const earlier = s.runs
        .slice(0, -1)
        .map((x) => `${x.date} ${at(x.version)}`)
        .join(", then ");
      const what = `${s.release}${s.stage === "ga" ? "" : ` ${s.stage}`}`;
      warnings.push(
        `${s.distro} ${what}: ${s.path} said ${earlier}; corrected to ${kept.date} ${at(kept.version)}, which is kept`,
      );
    }
  }
  for (const { first, again } of problems.values())
    warnings.push(again === 0 ? first : `${first} (and in ${again} later versions)`);
  return { dates, warnings };
}
