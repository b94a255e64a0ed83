import { catalogRepoName } from "../catalog/catalog-repo-name.js";
import { checkDistros } from "../catalog/check-distros.js";
import { parseRepoPattern } from "../catalog/repo-pattern.js";
import { type ReleaseSpan, inRelease, releaseSpan, resolveRelease } from "../catalog/resolve-release.js";
import { NoDataError } from "../errors/no-data-error.js";
import { UsageError } from "../errors/usage-error.js";
import { globPattern, isGlob } from "../format/glob-pattern.js";
import type { StoredPackage } from "../model/stored-package.js";
import type { StoredRepository } from "../model/stored-repository.js";
import { type RequestedAsOf, answerAsOf, noDataAsOf } from "./answer-as-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** Which packages: a repository key (`*` for repo or arch; a major spans its minors and rolling tree), and a name glob. */
export interface PackagesParams {
  readonly key: string;
  /** A package name or a glob, as dnf takes them (`kernel*`). */
  readonly name?: string | undefined;
}

/** A package of a repository's newest snapshot, with the repository it is in. */
export type PackageRow = StoredPackage & { readonly repository: string };

/** The packages, and the repositories they were read from. */
export interface PackagesAnswer extends Measured, RequestedAsOf {
  readonly key: string;
  readonly name: string | null;
  readonly repositories: readonly string[];
  readonly rows: readonly PackageRow[];
}

/**
 * The packages of the newest snapshot of every stored repository the key names, the same for
 * `elscope packages` and `/api/packages`. A key the catalog spells otherwise (`baseos`) is a
 * UsageError naming the right spelling; one nothing is synced for, a NoDataError naming the sync.
 *
 * @example
 * const { rows } = await packagesQuery(ctx, { key: "almalinux:9/*\/x86_64", name: "kernel*" });
 */
export async function packagesQuery(ctx: QueryContext, params: PackagesParams): Promise<PackagesAnswer> {
  const key = parseRepoPattern(params.key);
  const stored = (await ctx.store.listRepositories()).filter((r) => r.distro === key.distro);
  const inCatalog = ctx.catalog.distros.some((d) => d.id === key.distro);
  // As of a time before an ad-hoc repository's first sync, it is no data, not an unknown distribution.
  const later =
    ctx.asOf !== undefined &&
    stored.length === 0 &&
    (await ctx.store.at(null).listRepositories()).some((r) => r.distro === key.distro);
  const early = noDataAsOf(ctx, later, `repository matching ${params.key}`);
  if (early !== null) throw early;
  if (!inCatalog && stored.length === 0) checkDistros(ctx.catalog, [key.distro]);
  // What the store holds (also an ad-hoc `--new-repo`) stands as it is; anything else is read against the catalog.
  const span: ReleaseSpan =
    inCatalog && !stored.some((r) => r.release === key.release)
      ? resolveRelease(ctx.catalog, [key.distro], key.release)
      : releaseSpan(key.release);
  if (key.repo !== "*" && !stored.some((r) => r.repo === key.repo)) {
    const right = catalogRepoName(ctx.catalog, key.distro, key.release, key.repo);
    if (right !== null && right !== key.repo)
      throw new UsageError(
        "arguments",
        `no repository "${key.repo}" in ${key.distro} ${key.release}; did you mean ${right}?`,
      );
  }
  const matched = stored.filter(
    (r) =>
      inRelease(span, r.release) &&
      (key.repo === "*" || r.repo === key.repo) &&
      (key.arch === "*" || r.arch === key.arch),
  );
  const none = noDataAsOf(ctx, matched.length === 0, `repository matching ${params.key}`);
  if (none !== null) throw none;
  if (matched.length === 0) throw new NoDataError(params.key, `not in the store; run \`${syncCommandFor(key)}\` first`);
  const name = params.name === undefined || params.name === "" ? undefined : params.name;
  const exact = name !== undefined && !isGlob(name) ? name : undefined;
  const glob = name !== undefined && isGlob(name) ? globPattern(name) : undefined;
  const rows: PackageRow[] = [];
  for (const r of matched) {
    const k = { distro: r.distro, release: r.release, repo: r.repo, arch: r.arch };
    const packages = (await ctx.store.listPackages(k, exact === undefined ? {} : { name: exact })) ?? [];
    for (const p of packages) if (glob === undefined || glob.test(p.name)) rows.push({ ...p, repository: r.key });
  }
  const snapshot = ctx.asOf === undefined ? "newest snapshot" : `snapshot current at ${ctx.asOf.toISOString()}`;
  return answerAsOf(ctx, {
    key: params.key,
    name: name ?? null,
    repositories: matched.map((r) => r.key),
    rows,
    asOf: { [key.distro]: newestCheck(matched) },
    sources: matched.map((r) => `${r.key}: ${snapshot}${r.sourceUrl === null ? "" : ` of ${r.sourceUrl}`}`),
  });
}

function newestCheck(repos: readonly StoredRepository[]): string | null {
  return (
    repos
      .map((r) => r.checkedAt)
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? null
  );
}

function syncCommandFor(key: { distro: string; release: string; repo: string; arch: string }): string {
  const repo = key.repo === "*" ? "" : ` --repo ${key.repo}`;
  const arch = key.arch === "*" ? "" : ` --arch ${key.arch}`;
  return `elscope sync --distro ${key.distro} --release ${key.release}${repo}${arch}`;
}
