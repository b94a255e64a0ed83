/**
 * A commit that adds more than this many advisory files at once is a backfill:
 * it imports history, so its time says when the feed began carrying those
 * advisories in bulk, not when each was published.
 *
 * Measured in AlmaLinux/osv-database @948f47aa (../shared/data/almalinux-osv-database.bundle):
 * 599 commits add advisory files (6,915 additions of 5,734 paths). 597 add at most 90
 * (97 % at most 38); the 11 that add 51 to 90 are ordinary "Sync database" commits after a big
 * upstream batch, adding advisories whose first `modified` is a median 0.1 to 10.7 days older
 * than the commit. The other two add 1,429 (2023-03-31, "Initialize with current AlmaLinux
 * errata info") and 782 (2023-07-07) advisories, a median 470 and 478 days old. Any bound from
 * 90 to 781 separates them; 200 is more than twice the largest sync and a quarter of the
 * smallest backfill. With it 2,211 paths (2,157 of the 5,680 files of the newest tree) are
 * backfilled; a bound of 50 would also drop the 11 syncs' 790 advisories.
 */
export const BACKFILL_FILES = 200;

/**
 * Whether an advisory's first feed commit was a backfill, from how many advisory
 * files that commit added; null when that is not known (not read from git).
 *
 * @example
 * isFeedBackfill(1429) // true
 * isFeedBackfill(12) // false
 */
export function isFeedBackfill(filesAdded: number | null): boolean | null {
  return filesAdded === null ? null : filesAdded > BACKFILL_FILES;
}
