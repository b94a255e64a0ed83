import type { LoadedFact } from "../catalog/load-facts.js";

/** A fact with how fresh its check is. */
export interface FactStatus extends LoadedFact {
  /** Days since it was checked, or null when it never was. */
  readonly ageDays: number | null;
  readonly status: "current" | "stale" | "unverified";
}

/**
 * Marks each fact current, stale (checked more than `staleDays` ago) or
 * unverified (never checked), sorted by distribution, topic and value.
 *
 * @example
 * factFreshness(facts, new Date(), 180).filter((f) => f.status !== "current")
 */
export function factFreshness(facts: readonly LoadedFact[], now: Date, staleDays: number): readonly FactStatus[] {
  return facts
    .map((f) => {
      const ageDays =
        f.checked === "unverified"
          ? null
          : Math.floor((now.getTime() - Date.parse(`${f.checked}T00:00:00Z`)) / 86_400_000);
      const status: FactStatus["status"] = ageDays === null ? "unverified" : ageDays > staleDays ? "stale" : "current";
      return { ...f, ageDays, status };
    })
    .sort(
      (a, b) =>
        a.distro.localeCompare(b.distro) ||
        a.topic.localeCompare(b.topic) ||
        String(a.value).localeCompare(String(b.value)),
    );
}
