import { ConfigError } from "../errors/config-error.js";
import { checkDistros } from "./check-distros.js";
import type { CatalogRepo, Distro, Major } from "./catalog-schema.js";
import type { Catalog } from "./load-catalog.js";
import type { SyncTarget } from "./sync-target.js";

/** Filters a user gives to `elscope sync`; a list means any of them. */
export interface TargetFilter {
  readonly distros?: readonly string[];
  readonly releases?: readonly string[];
  readonly repos?: readonly string[];
  readonly arches?: readonly string[];
}

/** A release a distribution publishes, with where it is served from. */
export interface CatalogRelease {
  readonly release: string;
  readonly major: Major;
  readonly minor: string | null;
  readonly vault: boolean;
}

/**
 * Every release of a distribution: the rolling major tree (e.g. "9") where
 * there is one, then each minor; all but the newest minor come from the vault.
 *
 * @example
 * releasesOf(alma).map((r) => r.release) // ["8", "8.3", ..., "9", "9.0", ...]
 */
export function releasesOf(d: Distro): readonly CatalogRelease[] {
  const out: CatalogRelease[] = [];
  for (const major of d.majors) {
    if (major.rolling) out.push({ release: major.major, major, minor: null, vault: false });
    major.minors.forEach((minor, i) => {
      out.push({
        release: minor,
        major,
        minor,
        vault: i < major.minors.length - 1,
      });
    });
  }
  return out;
}

/**
 * Numeric order of release versions, a major before its minors: 8, 8.10, 9, 9.0, 9.4, 10.
 *
 * @example
 * ["9.10", "9", "9.4"].sort(compareVersion) // ["9", "9.4", "9.10"]
 */
export function compareVersion(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function repoMatches(r: CatalogRepo, wanted: readonly string[] | undefined): boolean {
  if (wanted === undefined || wanted.length === 0) return true;
  const names = [r.name, r.canonical, ...(r.aliases ?? [])].filter((n): n is string => n !== undefined);
  return wanted.some((w) => names.some((n) => n.toLowerCase() === w.toLowerCase()));
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z]+)\}/g, (_, k: string) => vars[k] ?? "");
}

function withSlash(u: string): string {
  return u.endsWith("/") ? u : `${u}/`;
}

/**
 * Expands filters into concrete repositories with their mirror URLs, in
 * catalog order. Unknown filter values are errors, not silent no-ops.
 *
 * @example
 * resolveTargets(catalog, { distros: ["almalinux"], releases: ["9"], repos: ["BaseOS"], arches: ["x86_64"] })
 */
export function resolveTargets(catalog: Catalog, filter: TargetFilter): readonly SyncTarget[] {
  const distros = catalog.distros.filter((d) => filter.distros === undefined || filter.distros.includes(d.id));
  // A distribution the catalog lacks is a command-line mistake (exit 2), as in every other command.
  checkDistros(catalog, filter.distros ?? []);
  const out: SyncTarget[] = [];
  for (const d of distros) {
    for (const rel of releasesOf(d)) {
      if (filter.releases !== undefined && filter.releases.length > 0 && !filter.releases.includes(rel.release))
        continue;
      for (const repo of rel.major.repos) {
        if (!repoMatches(repo, filter.repos)) continue;
        if (repo.rollingOnly && rel.minor !== null) continue;
        if (
          repo.since !== undefined &&
          compareVersion(
            rel.release === rel.major.major ? (rel.major.minors.at(-1) ?? rel.release) : rel.release,
            repo.since,
          ) < 0
        ) {
          continue;
        }
        const arches = [...(repo.arches ?? rel.major.arches)];
        if (repo.arches === undefined && (repo.sourceUrl !== undefined || d.urls.source !== undefined))
          arches.push("src");
        for (const arch of arches) {
          if (filter.arches !== undefined && filter.arches.length > 0 && !filter.arches.includes(arch)) continue;
          out.push(buildTarget(d, rel, repo, arch));
        }
      }
    }
  }
  return out;
}

function buildTarget(d: Distro, rel: CatalogRelease, repo: CatalogRepo, arch: string): SyncTarget {
  const src = arch === "src";
  let template: string | undefined;
  if (src) template = repo.sourceUrl ?? (rel.vault ? (d.urls.vaultSource ?? d.urls.source) : d.urls.source);
  else
    template = rel.vault ? (repo.vaultUrl ?? repo.url ?? d.urls.vault ?? d.urls.binary) : (repo.url ?? d.urls.binary);
  if (template === undefined) throw new ConfigError("catalog", `${d.id}: no URL template for ${repo.name} ${arch}`);
  const mirrors = repo.mirrors ?? (rel.vault ? (d.vaultMirrors ?? d.mirrors) : d.mirrors);
  const vars = {
    major: rel.major.major,
    minor: rel.minor === null ? "" : (rel.minor.split(".")[1] ?? ""),
    release: rel.release,
    path: repo.path ?? repo.name,
    arch,
  };
  const urls = mirrors.map((m) => withSlash(fill(template, { ...vars, mirror: m.replace(/\/+$/, "") })));
  const mirrorPath = template.startsWith("{mirror}/") ? withSlash(fill(template.slice(9), vars)) : null;
  const needsAuth = repo.auth === undefined ? d.auth !== undefined : repo.auth === "client-certificate";
  if (needsAuth && d.auth === undefined) {
    throw new ConfigError(
      "catalog",
      `${d.id}: ${repo.name} needs a client certificate but the distribution declares no auth`,
    );
  }
  return {
    key: { distro: d.id, release: rel.release, repo: repo.name, arch },
    urls,
    mirrorPath,
    auth: needsAuth && d.auth !== undefined ? { ...d.auth, caEnv: d.auth.caEnv, caFile: d.auth.caFile } : null,
    gpgKey: d.verifySignatures ? (rel.major.gpgKey ?? null) : null,
  };
}
