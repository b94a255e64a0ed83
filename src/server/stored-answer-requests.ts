import { defaultUpstream } from "../catalog/default-upstream.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { EVERY_DISTRO } from "../store/stored-answer-store.js";
import type { StoredRepository } from "../model/stored-repository.js";
import { answerKey } from "./answer-key.js";

/** A request whose answer is kept in the store, and the distributions it reads. */
export interface StoredAnswerRequest {
  /** Its answer key (see answerKey), also the path to request. */
  readonly key: string;
  readonly scope: readonly string[];
}

/** The badges the dashboard's overview shows for each rebuild. */
const DASHBOARD_BADGES = ["package-lag", "errata-lag", "release-lag", "parity", "public-mirrors"] as const;

/**
 * The requests whose answers are kept in the store: what the dashboard asks for with its
 * defaults (the overview's report and badges, the lag summaries and parity of every synced
 * upstream release for every synced rebuild, the release lag, mirrors, images, repositories and
 * facts). Made from what is synced, as the dashboard makes its defaults. Sorted by key.
 *
 * @example
 * storedAnswerRequests(catalog, await store.listRepositories())
 * // [{ key: "/api/badge/almalinux/errata-lag.svg?", scope: ["almalinux", "rhel"] }, ...]
 */
export function storedAnswerRequests(
  catalog: Catalog,
  repos: readonly Pick<StoredRepository, "distro" | "release">[],
): StoredAnswerRequest[] {
  const upstream = defaultUpstream(catalog);
  const rebuilds = [...new Set(repos.map((r) => r.distro).filter((d) => d !== upstream))].sort();
  const releases = [...new Set(repos.filter((r) => r.distro === upstream).map((r) => r.release))].sort();
  const key = (path: string, q: Record<string, string> = {}) =>
    answerKey(new URL(`http://elscope${path}?${new URLSearchParams(q).toString()}`));
  const every = [EVERY_DISTRO];
  const out: StoredAnswerRequest[] = [
    ...["/api/report", "/api/release-lag", "/api/repos", "/api/mirrors", "/api/images", "/api/facts"].map((p) => ({
      key: key(p),
      scope: every,
    })),
  ];
  if (rebuilds.length > 0) {
    const compared = [upstream, ...rebuilds].sort();
    const rebuild = rebuilds.join(",");
    out.push({ key: key("/api/lag/summary", { rebuild }), scope: compared });
    for (const release of releases) {
      out.push({ key: key("/api/lag/summary", { rebuild, release }), scope: compared });
      out.push({ key: key("/api/parity", { rebuild, release }), scope: compared });
    }
    for (const d of rebuilds)
      for (const m of DASHBOARD_BADGES) out.push({ key: key(`/api/badge/${d}/${m}.svg`), scope: [upstream, d].sort() });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
