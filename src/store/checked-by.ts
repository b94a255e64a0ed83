/**
 * The newest check of a snapshot the store can prove had happened by `asOf`: its last check when
 * that was by then, else its fetch. The store keeps only a snapshot's last check, so a snapshot
 * checked again after `asOf` is known, as of then, only from its fetch (a lower bound, never later
 * than the truth). Without `asOf`, the last check.
 *
 * @example
 * checkedBy("2026-01-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z") // "2026-01-01T00:00:00.000Z"
 */
export function checkedBy(fetchedAt: string, checkedAt: string, asOf: string | null): string {
  return asOf === null || checkedAt <= asOf ? checkedAt : fetchedAt;
}
