import type { LoadedFact } from "../catalog/load-facts.js";
import type { FactPageRead } from "../model/fact-page-read.js";

/** One read of a cited page now: the hash of its text, or why it could not be read. */
export type PageFetch =
  | { readonly kind: "read"; readonly url: string; readonly hash: string }
  | { readonly kind: "unreachable"; readonly url: string; readonly problem: string };

/**
 * A cited page against its stored baseline: `recorded` (first read, or the facts citing it were
 * checked again since the baseline was read: this read becomes the baseline), `unchanged`, `changed` (its text
 * differs from the baseline: the facts citing it want checking again), or `unreachable`.
 */
export interface PageCheck {
  readonly url: string;
  readonly status: "recorded" | "unchanged" | "changed" | "unreachable";
  /** When the baseline was read (null: never read). */
  readonly baselineReadAt: string | null;
  /** The newest check date of the facts that cite it (null: none checked). */
  readonly checked: string | null;
  readonly problem: string | null;
  /** The facts citing it, as distro/topic, sorted. */
  readonly facts: readonly string[];
}

/** Every page a fact cites (each point's source too), with the facts citing it and their newest check date. */
export function citedPages(
  facts: readonly LoadedFact[],
): ReadonlyMap<string, { facts: string[]; checked: string | null }> {
  const pages = new Map<string, { facts: string[]; checked: string | null }>();
  const cite = (url: string, fact: string, checked: string) => {
    const p = pages.get(url) ?? { facts: [], checked: null };
    if (!p.facts.includes(fact)) p.facts.push(fact);
    if (checked !== "unverified" && (p.checked === null || checked > p.checked)) p.checked = checked;
    pages.set(url, p);
  };
  for (const f of facts) {
    const name = `${f.distro}/${f.topic}`;
    if (f.points === undefined) cite(f.source, name, f.checked);
    else for (const p of f.points) cite(p.source, name, p.checked);
  }
  for (const p of pages.values()) p.facts.sort();
  return new Map([...pages].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Compares this run's reads of the cited pages with the stored ones, and says what to store. The
 * baseline stays until the facts citing a page are checked again (their newest check date is not the
 * one stored with the baseline), so a change keeps being reported until someone has read the page
 * and updated the facts' check date.
 *
 * @example
 * const { checks, store } = factPageChanges(facts, await db.factPages(), fetched, new Date());
 */
export function factPageChanges(
  facts: readonly LoadedFact[],
  stored: readonly FactPageRead[],
  fetched: readonly PageFetch[],
  now: Date,
): { readonly checks: readonly PageCheck[]; readonly store: readonly FactPageRead[] } {
  const cited = citedPages(facts);
  const before = new Map(stored.map((r) => [r.url, r]));
  const at = now.toISOString();
  const checks: PageCheck[] = [];
  const store: FactPageRead[] = [];
  for (const read of [...fetched].sort((a, b) => (a.url < b.url ? -1 : 1))) {
    const c = cited.get(read.url);
    const old = before.get(read.url);
    const base = {
      url: read.url,
      checked: c?.checked ?? null,
      facts: c?.facts ?? [],
      baselineReadAt: old?.baselineReadAt ?? null,
      problem: null,
    };
    if (read.kind === "unreachable") {
      checks.push({ ...base, status: "unreachable", problem: read.problem });
      continue;
    }
    // Checked again (the facts' newest check date moved): this read is what the new check saw.
    if (old === undefined || base.checked !== old.baselineChecked) {
      checks.push({ ...base, status: "recorded", baselineReadAt: at });
      store.push({
        url: read.url,
        baselineHash: read.hash,
        baselineReadAt: at,
        baselineChecked: base.checked,
        latestHash: read.hash,
        latestReadAt: at,
      });
      continue;
    }
    checks.push({ ...base, status: read.hash === old.baselineHash ? "unchanged" : "changed" });
    store.push({ ...old, latestHash: read.hash, latestReadAt: at });
  }
  return { checks, store };
}
