import type { Distro } from "../catalog/catalog-schema.js";
import { compareVersion } from "../catalog/resolve-targets.js";
import type { ProvenanceInput, ProvenanceInterval, ProvenanceRepository } from "../model/provenance-input.js";

/** Packages of one release's newest snapshots that share build-host domain, build system, packager and vendor. */
export interface ProvenanceGroup {
  readonly release: string;
  /** The build host without its first label (x64-builder01.almalinux.org → almalinux.org); null: a host without dots, or none. */
  readonly domain: string | null;
  /** One build host of the group, the first in sort order: domains hide hosts such as Peridot's pods. */
  readonly exampleHost: string | null;
  /** The catalog's build system for the host; null when no pattern matches (unknown). */
  readonly system: string | null;
  readonly packager: string | null;
  readonly vendor: string | null;
  readonly packages: number;
  /** Distinct source RPMs per repository, summed over the release's repositories. */
  readonly builds: number;
  /** Earliest file time of these packages (ISO 8601): how far back the group reaches. */
  readonly since: string | null;
  /** Whether the catalog expects this vendor / packager of the distribution; null when it lists none. */
  readonly expectedVendor: boolean | null;
  readonly expectedPackager: boolean | null;
}

/** The predominant build system of a release: in the first snapshot of its repositories and in the newest. */
export interface ReleaseSystem {
  readonly release: string;
  readonly first: { readonly system: string | null; readonly share: number; readonly at: string };
  readonly newest: { readonly system: string | null; readonly share: number; readonly at: string };
}

/** A change of predominant build system: between two releases, or within one repository over its snapshots. */
export type BuildSystemChange =
  | {
      readonly kind: "between-releases";
      readonly release: string;
      readonly previousRelease: string;
      readonly from: string | null;
      readonly to: string | null;
    }
  | {
      readonly kind: "within-release";
      readonly release: string;
      readonly repository: string;
      /** The first snapshot (fetch time) with the new system. */
      readonly at: string;
      readonly from: string | null;
      readonly to: string | null;
    };

/** Packages whose vendor or packager the catalog does not expect of the distribution. */
export interface UnexpectedProvenance {
  readonly release: string;
  readonly field: "vendor" | "packager";
  readonly value: string | null;
  readonly packages: number;
  readonly builds: number;
}

/** Build provenance of one distribution. */
export interface Provenance {
  readonly groups: readonly ProvenanceGroup[];
  readonly releases: readonly ReleaseSystem[];
  readonly changes: readonly BuildSystemChange[];
  readonly unexpected: readonly UnexpectedProvenance[];
}

/**
 * A build host's domain: the host without its first label when it has three or more, the host
 * itself with two, null with one (Peridot's pods, "localhost") or none.
 *
 * @example
 * buildHostDomain("x86-vm-55.build.eng.bos.redhat.com") // "build.eng.bos.redhat.com"
 */
export function buildHostDomain(host: string | null): string | null {
  if (host === null || host === "") return null;
  const labels = host.toLowerCase().split(".");
  if (labels.length < 2) return null;
  return labels.length === 2 ? labels.join(".") : labels.slice(1).join(".");
}

/**
 * The build system the distribution's catalog maps a build host to: the first pattern that matches.
 *
 * @example
 * buildSystemOf(almalinux, "x64-builder01.almalinux.org") // "ALBS"
 */
export function buildSystemOf(distro: Pick<Distro, "buildSystems">, host: string | null): string | null {
  if (host === null) return null;
  for (const b of distro.buildSystems) if (new RegExp(b.pattern).test(host)) return b.system;
  return null;
}

const cmp = (a: string | null, b: string | null): number => (a ?? "").localeCompare(b ?? "") || (a === null ? -1 : 0);

/** Releases in version order, a rolling tree (9) after its minors (9.x). */
function compareReleases(a: string, b: string): number {
  const [ma = "", ia] = a.split(".");
  const [mb = "", ib] = b.split(".");
  if (ma !== mb) return compareVersion(ma, mb);
  if (ia === undefined || ib === undefined) return ia === ib ? 0 : ia === undefined ? 1 : -1;
  return compareVersion(a, b);
}

/** The system with the most packages among `rows` (ties: by name), with its share. */
function predominant(counts: ReadonlyMap<string | null, number>): {
  readonly system: string | null;
  readonly share: number;
} {
  let best: { system: string | null; n: number } | null = null;
  let total = 0;
  for (const [system, n] of [...counts].sort((a, b) => cmp(a[0], b[0]))) {
    total += n;
    if (best === null || n > best.n) best = { system, n };
  }
  return { system: best?.system ?? null, share: total === 0 ? 0 : Math.round((1000 * (best?.n ?? 0)) / total) / 1000 };
}

/** Package counts per build system of the intervals present in snapshot `id`. */
function systemsAt(
  intervals: readonly ProvenanceInterval[],
  id: number,
  systemOf: (h: string | null) => string | null,
): Map<string | null, number> {
  const out = new Map<string | null, number>();
  for (const i of intervals) {
    if (i.firstSnapshotId > id || i.lastSnapshotId < id) continue;
    const s = systemOf(i.buildhost);
    out.set(s, (out.get(s) ?? 0) + i.packages);
  }
  return out;
}

function addCounts(into: Map<string | null, number>, from: ReadonlyMap<string | null, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

/**
 * Build provenance of `distro` from its stored packages: builds per build-host domain, build system,
 * packager and vendor in each release's newest snapshots; each release's predominant build system
 * in its first and newest snapshots and where it changed (between releases in version order, and
 * within a repository's snapshot history); and packages whose vendor or packager the catalog does
 * not expect. Pure; rows sorted.
 *
 * @example
 * const p = provenance(catalogDistro, await store.provenanceRows("rocky"));
 * p.changes // [{ kind: "between-releases", release: "9.0", previousRelease: "8.10", from: "Koji", to: "Peridot" }]
 */
export function provenance(distro: Distro, input: ProvenanceInput): Provenance {
  const memo = new Map<string | null, string | null>();
  const systemOf = (h: string | null): string | null => {
    if (!memo.has(h)) memo.set(h, buildSystemOf(distro, h));
    return memo.get(h) ?? null;
  };
  const byKey = new Map<string, ProvenanceInterval[]>();
  for (const i of input.intervals) byKey.set(i.key, [...(byKey.get(i.key) ?? []), i]);
  const repoOf = new Map(input.repositories.map((r) => [r.key, r]));
  const vendors = distro.expectedVendors;
  const packagers = distro.expectedPackagers;

  const groups = new Map<string, ProvenanceGroup & { packages: number; builds: number }>();
  const groupKey = (release: string, host: string | null, packager: string | null, vendor: string | null) =>
    JSON.stringify([release, buildHostDomain(host), systemOf(host), packager, vendor]);
  for (const r of input.repositories) {
    const newest = r.snapshots.at(-1)?.id;
    for (const i of byKey.get(r.key) ?? []) {
      if (i.lastSnapshotId !== newest) continue;
      const k = groupKey(r.release, i.buildhost, i.packager, i.vendor);
      const g = groups.get(k);
      const since = i.firstFileTime === null ? null : new Date(i.firstFileTime * 1000).toISOString();
      if (g === undefined) {
        groups.set(k, {
          release: r.release,
          domain: buildHostDomain(i.buildhost),
          exampleHost: i.buildhost,
          system: systemOf(i.buildhost),
          packager: i.packager,
          vendor: i.vendor,
          packages: i.packages,
          builds: 0,
          since,
          expectedVendor: vendors.length === 0 ? null : i.vendor !== null && vendors.includes(i.vendor),
          expectedPackager: packagers.length === 0 ? null : i.packager !== null && packagers.includes(i.packager),
        });
      } else {
        groups.set(k, {
          ...g,
          packages: g.packages + i.packages,
          exampleHost: cmp(i.buildhost, g.exampleHost) < 0 ? i.buildhost : g.exampleHost,
          since: g.since === null || (since !== null && since < g.since) ? since : g.since,
        });
      }
    }
  }
  for (const b of input.builds) {
    const r = repoOf.get(b.key);
    if (r === undefined) continue;
    const k = groupKey(r.release, b.buildhost, b.packager, b.vendor);
    const g = groups.get(k);
    if (g !== undefined) groups.set(k, { ...g, builds: g.builds + b.builds });
  }
  const groupRows = [...groups.values()].sort(
    (a, b) =>
      compareReleases(a.release, b.release) ||
      b.packages - a.packages ||
      cmp(a.domain, b.domain) ||
      cmp(a.system, b.system) ||
      cmp(a.packager, b.packager) ||
      cmp(a.vendor, b.vendor),
  );

  const releaseNames = [...new Set(input.repositories.map((r) => r.release))].sort(compareReleases);
  const releases: ReleaseSystem[] = [];
  const changes: BuildSystemChange[] = [];
  for (const release of releaseNames) {
    const repos = input.repositories.filter((r) => r.release === release);
    const first = new Map<string | null, number>();
    const newest = new Map<string | null, number>();
    let firstAt = "";
    let newestAt = "";
    for (const r of repos) {
      const f = r.snapshots[0];
      const n = r.snapshots.at(-1);
      if (f === undefined || n === undefined) continue;
      addCounts(first, systemsAt(byKey.get(r.key) ?? [], f.id, systemOf));
      addCounts(newest, systemsAt(byKey.get(r.key) ?? [], n.id, systemOf));
      if (firstAt === "" || f.fetchedAt < firstAt) firstAt = f.fetchedAt;
      if (n.fetchedAt > newestAt) newestAt = n.fetchedAt;
      changes.push(...changesWithin(r, byKey.get(r.key) ?? [], systemOf));
    }
    releases.push({
      release,
      first: { ...predominant(first), at: firstAt },
      newest: { ...predominant(newest), at: newestAt },
    });
  }
  for (let i = 1; i < releases.length; i++) {
    const prev = releases[i - 1];
    const cur = releases[i];
    if (prev === undefined || cur === undefined || prev.newest.system === cur.first.system) continue;
    // A rolling tree (9) holds its newest minor's packages: compared with that minor, not as a new release.
    if (!cur.release.includes(".") && cur.release === prev.release.split(".")[0]) continue;
    changes.push({
      kind: "between-releases",
      release: cur.release,
      previousRelease: prev.release,
      from: prev.newest.system,
      to: cur.first.system,
    });
  }
  changes.sort(
    (a, b) =>
      compareReleases(a.release, b.release) ||
      a.kind.localeCompare(b.kind) ||
      (a.kind === "within-release" && b.kind === "within-release"
        ? a.repository.localeCompare(b.repository) || a.at.localeCompare(b.at)
        : 0),
  );

  const unexpected = new Map<string, UnexpectedProvenance>();
  for (const g of groupRows) {
    for (const [field, ok, value] of [
      ["vendor", g.expectedVendor, g.vendor],
      ["packager", g.expectedPackager, g.packager],
    ] as const) {
      if (ok !== false) continue;
      const k = JSON.stringify([g.release, field, value]);
      const u = unexpected.get(k);
      unexpected.set(k, {
        release: g.release,
        field,
        value,
        packages: (u?.packages ?? 0) + g.packages,
        builds: (u?.builds ?? 0) + g.builds,
      });
    }
  }
  const unexpectedRows = [...unexpected.values()].sort(
    (a, b) =>
      compareReleases(a.release, b.release) ||
      a.field.localeCompare(b.field) ||
      b.packages - a.packages ||
      cmp(a.value, b.value),
  );
  return { groups: groupRows, releases, changes, unexpected: unexpectedRows };
}

/** Where a repository's predominant build system changed from one snapshot to the next. */
function changesWithin(
  repo: ProvenanceRepository,
  intervals: readonly ProvenanceInterval[],
  systemOf: (h: string | null) => string | null,
): BuildSystemChange[] {
  const out: BuildSystemChange[] = [];
  let previous: string | null | undefined;
  for (const s of repo.snapshots) {
    const counts = systemsAt(intervals, s.id, systemOf);
    if (counts.size === 0) continue;
    const { system } = predominant(counts);
    if (previous !== undefined && system !== previous) {
      out.push({
        kind: "within-release",
        release: repo.release,
        repository: repo.key,
        at: s.fetchedAt,
        from: previous,
        to: system,
      });
    }
    previous = system;
  }
  return out;
}
