import type { StoredRepository } from "../model/stored-repository.js";
import { type RequestedAsOf, answerAsOf, noDataAsOf } from "./answer-as-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** A stored repository with the package counts of its newest snapshot. */
export type RepositoryRow = StoredRepository & {
  readonly binaryPackages: number;
  readonly sourcePackages: number;
  readonly packagesByArch: Readonly<Record<string, number>>;
};

/** The repositories in the store. */
export interface RepositoriesAnswer extends Measured, RequestedAsOf {
  readonly rows: readonly RepositoryRow[];
}

/**
 * The repositories in the store with snapshot count, binary and source package counts per
 * architecture and times: the same rows for `elscope repos` and `/api/repos`.
 *
 * @example
 * const { rows } = await repositoriesQuery(ctx);
 */
export async function repositoriesQuery(ctx: QueryContext): Promise<RepositoriesAnswer> {
  const counts = await ctx.store.packageCounts();
  const repos = await ctx.store.listRepositories();
  const none = noDataAsOf(ctx, repos.length === 0, "synced repository");
  if (none !== null) throw none;
  const rows = repos.map((r): RepositoryRow => {
    const c = counts.get(r.key);
    return { ...r, binaryPackages: c?.binary ?? 0, sourcePackages: c?.source ?? 0, packagesByArch: c?.byArch ?? {} };
  });
  const asOf: Record<string, string | null> = {};
  for (const r of repos) {
    const t = asOf[r.distro] ?? null;
    asOf[r.distro] = r.checkedAt !== null && (t === null || r.checkedAt > t) ? r.checkedAt : t;
  }
  return answerAsOf(ctx, { rows, asOf, sources: repos.map((r) => `${r.key}: ${r.sourceUrl ?? "unknown URL"}`) });
}
