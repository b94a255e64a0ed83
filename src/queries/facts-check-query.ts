import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type PageCheck, type PageFetch, citedPages, factPageChanges } from "../analyze/fact-page-changes.js";
import { pageTextHash } from "../analyze/page-text-hash.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { ElscopeError } from "../errors/elscope-error.js";
import type { Fetcher } from "../fetch/fetcher.js";
import type { Store } from "../store/store.js";
import { type FactRow, type FactsParams, factsQuery } from "./facts-query.js";

/** A cited page is a web page, not a download: more than this is not read. */
const PAGE_MAX_BYTES = 8 * 1024 ** 2;

/** What `--fetch` needs: the fetch layer (its limits and retries), the store of hashes, a folder for the pages. */
export interface PageFetching {
  readonly fetcher: Fetcher;
  readonly store: Store;
  readonly workDir: string;
}

/** Which facts want checking again: those checked too long ago, and (fetched live) those whose page changed. */
export interface FactsCheckAnswer {
  readonly asOf: string;
  readonly staleDays: number;
  /** Facts checked more than staleDays ago, sorted by distribution and topic. */
  readonly stale: readonly FactRow[];
  readonly unverified: number;
  /** Each cited page against its stored baseline; null when the pages were not fetched. */
  readonly pages: readonly PageCheck[] | null;
  readonly changed: number;
  readonly unreachable: number;
  /** true when something is stale or a page changed: `facts --check` exits non-zero. */
  readonly attention: boolean;
}

/**
 * Lists the facts whose check is older than the stale limit and, with `fetching`, fetches every page
 * the facts cite, hashes its text and compares it with the hash stored at the last check.
 *
 * @example
 * const a = await factsCheckQuery(catalog, { facts, staleDays: 180, now: new Date() });
 * a.stale.map((f) => `${f.distro} ${f.topic}`)
 */
export async function factsCheckQuery(
  catalog: Catalog,
  params: FactsParams,
  fetching?: PageFetching,
): Promise<FactsCheckAnswer> {
  const answer = factsQuery(catalog, params);
  const distros = params.distros ?? [];
  const facts = params.facts.filter((f) => distros.length === 0 || distros.includes(f.distro));
  let pages: readonly PageCheck[] | null = null;
  if (fetching !== undefined) {
    const urls = [...citedPages(facts).keys()];
    const fetched = await Promise.all(urls.map((url, i) => readPage(fetching, url, i)));
    const { checks, store } = factPageChanges(facts, await fetching.store.factPages(), fetched, params.now);
    await fetching.store.recordFactPages(store);
    pages = checks;
  }
  const changed = pages?.filter((p) => p.status === "changed").length ?? 0;
  return {
    asOf: answer.asOf,
    staleDays: answer.staleDays,
    stale: answer.rows.filter((f) => f.status === "stale"),
    unverified: answer.unverified,
    pages,
    changed,
    unreachable: pages?.filter((p) => p.status === "unreachable").length ?? 0,
    attention: answer.stale > 0 || changed > 0,
  };
}

/** One page read through the fetch layer and hashed; a page that cannot be had says why. */
async function readPage(fetching: PageFetching, url: string, i: number): Promise<PageFetch> {
  const dest = join(fetching.workDir, `page-${i}.html`);
  try {
    const r = await fetching.fetcher.fetchToFile({ url, dest, sourceId: "facts", file: url, maxBytes: PAGE_MAX_BYTES });
    if (r.kind !== "fetched") return { kind: "unreachable", url, problem: "no body" };
    return { kind: "read", url, hash: pageTextHash(await readFile(r.path, "utf8")) };
  } catch (e) {
    if (e instanceof ElscopeError) return { kind: "unreachable", url, problem: e.message };
    throw e;
  }
}
