import { type FactStatus, factFreshness } from "../analyze/fact-freshness.js";
import { checkDistros } from "../catalog/check-distros.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";

/** Which facts, and when one counts as stale. */
export interface FactsParams {
  readonly facts: readonly LoadedFact[];
  readonly distros?: readonly string[] | undefined;
  readonly staleDays: number;
  readonly now: Date;
}

/** A fact as every front end shows it: its value as one text (a list joined by "; "), its file left out. */
export type FactRow = Omit<FactStatus, "value" | "file"> & { readonly value: string; readonly file?: undefined };

/** The facts with how many are stale or never checked; as of now (their check dates are in the rows). */
export interface FactsAnswer {
  readonly rows: readonly FactRow[];
  readonly asOf: string;
  readonly sources: readonly string[];
  readonly staleDays: number;
  readonly stale: number;
  readonly unverified: number;
}

/**
 * The reviewed facts dataset with each fact's freshness: the same answer for `elscope facts`
 * and `/api/facts`.
 *
 * @example
 * factsQuery(catalog, { facts, distros: ["almalinux"], staleDays: 180, now: new Date() }).stale
 */
export function factsQuery(catalog: Catalog, params: FactsParams): FactsAnswer {
  const distros = params.distros ?? [];
  checkDistros(catalog, distros);
  const facts = factFreshness(params.facts, params.now, params.staleDays).filter(
    (f) => distros.length === 0 || distros.includes(f.distro),
  );
  const rows = facts.map((f): FactRow => ({
    ...f,
    value: typeof f.value === "string" ? f.value : f.value.join("; "),
    file: undefined,
  }));
  return {
    rows,
    asOf: params.now.toISOString(),
    sources: [...new Set(facts.map((f) => f.source))],
    staleDays: params.staleDays,
    stale: facts.filter((f) => f.status === "stale").length,
    unverified: facts.filter((f) => f.status === "unverified").length,
  };
}
