import type { Nevra } from "../model/nevra.js";
import { compareEvr } from "./evr.js";
import type { HostPackage } from "./parse-host-package-list.js";

/** A package of a target's newest snapshot, with its repository. */
export interface TargetPackage extends Nevra {
  readonly repo: string;
}

/**
 * What becomes of one installed package on one target. "renamed" and "other-repository" come
 * from the leapp repository map and package-evolution events where given; "third-party" is a
 * vendor other than the source distribution's (the migration leaves it alone); "unknown": the
 * target has no synced data.
 */
export type MigrateStatus =
  | "same-build"
  | "newer-in-target"
  | "older-in-target"
  | "renamed"
  | "other-repository"
  | "modular-stream-change"
  | "missing"
  | "third-party"
  | "unknown";

/** Statuses that stop a migration, listed first in a summary. */
export const BLOCKING_STATUSES: readonly MigrateStatus[] = ["missing", "modular-stream-change"];

/** Where a status was read from. */
export type StatusSource = "store snapshot" | "repomap" | "pes" | "host vendor" | "none";

/** One installed package × one target. */
export interface MigrateRow {
  readonly target: string;
  readonly name: string;
  readonly arch: string;
  /** The installed build, `name-[epoch:]version-release.arch`. */
  readonly installed: string;
  readonly status: MigrateStatus;
  /** The target's build it becomes (null: none). */
  readonly targetBuild: string | null;
  readonly targetRepo: string | null;
  /** The repository the host has it from (the list's or the source's synced store), null: unknown. */
  readonly fromRepo: string | null;
  readonly source: StatusSource;
  readonly detail: string | null;
}

/** A rename known for the target: the new names, and where that was read. */
export interface KnownRename {
  readonly to: readonly string[];
  readonly source: "repomap" | "pes";
}

/** What one target is checked with: its packages (null: nothing synced) and what leapp's data says. */
export interface MigrateTargetInput {
  readonly target: string;
  readonly packages: readonly TargetPackage[] | null;
  /** By old name: packages the target ships under another name (PES events). */
  readonly renames?: ReadonlyMap<string, KnownRename>;
  /** By name: packages a PES event removes in the target's major (the event's id). */
  readonly removals?: ReadonlyMap<string, number>;
  /** By source repository (lower case): the target repositories it maps to (leapp repomap). */
  readonly repoMap?: ReadonlyMap<string, readonly string[]>;
}

/** What the host is: its packages, the source distribution's vendor, and where each package came from. */
export interface MigrateHostInput {
  readonly packages: readonly HostPackage[];
  /** The vendor of the host's `*-release` package; null: the list names no vendors. */
  readonly sourceVendor: string | null;
  /** Whether the list gives vendors at all (so a missing vendor is "(none)", not unknown). */
  readonly vendorsGiven: boolean;
  /** By name: the repository of the source's synced store that ships it. */
  readonly sourceRepoOf?: ReadonlyMap<string, string>;
}

const MODULAR = /\.module[+_]el\d/;

/** `name-[epoch:]version-release.arch`, as rpm -qa prints it. */
export function nevraText(p: Nevra): string {
  return `${p.name}-${p.epoch > 0 ? `${p.epoch}:` : ""}${p.version}-${p.release}.${p.arch}`;
}

/** version's first two parts: what a module stream names ("3.6", "5.26"). */
const streamOf = (version: string): string => version.split(".").slice(0, 2).join(".");

/** The target's newest build of `name` for `arch` (the same arch first, else noarch either way). */
function newestFor(byName: ReadonlyMap<string, readonly TargetPackage[]>, name: string, arch: string) {
  const all = byName.get(name) ?? [];
  const same = all.filter((p) => p.arch === arch);
  const fits = same.length > 0 ? same : all.filter((p) => p.arch === "noarch" || arch === "noarch");
  let best: TargetPackage | undefined;
  for (const p of fits) if (best === undefined || compareEvr(p, best) > 0) best = p;
  return best;
}

/**
 * The status of each installed package on each target, sorted by target, name and arch: pure, over
 * the host's list and the targets' newest snapshots (and leapp's repository map and events).
 *
 * @example
 * migrateStatuses(host, [{ target: "almalinux:9", packages }])[0].status // "newer-in-target"
 */
export function migrateStatuses(host: MigrateHostInput, targets: readonly MigrateTargetInput[]): MigrateRow[] {
  const rows: MigrateRow[] = [];
  for (const t of targets) {
    const byName = new Map<string, TargetPackage[]>();
    for (const p of t.packages ?? []) {
      const list = byName.get(p.name);
      if (list === undefined) byName.set(p.name, [p]);
      else list.push(p);
    }
    for (const h of host.packages) {
      const fromRepo = h.fromRepo ?? host.sourceRepoOf?.get(h.name) ?? null;
      const base = { target: t.target, name: h.name, arch: h.arch, installed: nevraText(h), fromRepo };
      const row = (
        status: MigrateStatus,
        source: StatusSource,
        found: TargetPackage | undefined,
        detail: string | null = null,
      ): MigrateRow => ({
        ...base,
        status,
        source,
        detail,
        targetBuild: found === undefined ? null : nevraText(found),
        targetRepo: found?.repo ?? null,
      });
      const vendorOff = host.sourceVendor !== null && host.vendorsGiven && (h.vendor ?? "(none)") !== host.sourceVendor;
      if (vendorOff) {
        rows.push(row("third-party", "host vendor", undefined, `vendor ${h.vendor ?? "(none)"}`));
        continue;
      }
      if (t.packages === null) {
        rows.push(row("unknown", "none", undefined, "no synced data for the target"));
        continue;
      }
      const found = newestFor(byName, h.name, h.arch);
      if (found === undefined) {
        const rename = t.renames?.get(h.name);
        const renamed = rename?.to.map((n) => newestFor(byName, n, h.arch)).find((p) => p !== undefined);
        if (rename !== undefined && renamed !== undefined) {
          rows.push(row("renamed", rename.source, renamed, `${h.name} → ${renamed.name}`));
        } else {
          const removal = t.removals?.get(h.name);
          const why =
            rename !== undefined
              ? `renamed to ${rename.to.join(", ")} (${rename.source}), not synced`
              : removal !== undefined
                ? `removed in the target's major (PES event ${removal})`
                : null;
          rows.push(row("missing", "store snapshot", undefined, why));
        }
        continue;
      }
      const cmp = compareEvr(found, h);
      const evr = cmp === 0 ? "same build" : cmp > 0 ? "newer in target" : "older in target";
      if (MODULAR.test(h.release)) {
        const targetModular = MODULAR.test(found.release);
        if (!targetModular || streamOf(found.version) !== streamOf(h.version)) {
          const what = targetModular
            ? `stream ${streamOf(h.version)} → ${streamOf(found.version)}`
            : "no longer modular";
          rows.push(row("modular-stream-change", "store snapshot", found, `${what} (from release tags and versions)`));
          continue;
        }
      }
      if (fromRepo !== null && fromRepo.toLowerCase() !== found.repo.toLowerCase()) {
        const mapped = t.repoMap?.get(fromRepo.toLowerCase());
        const viaMap = mapped?.some((r) => r.toLowerCase() === found.repo.toLowerCase()) === true;
        rows.push(
          row("other-repository", viaMap ? "repomap" : "store snapshot", found, `${fromRepo} → ${found.repo}; ${evr}`),
        );
        continue;
      }
      rows.push(
        row(cmp === 0 ? "same-build" : cmp > 0 ? "newer-in-target" : "older-in-target", "store snapshot", found),
      );
    }
  }
  const key = (r: MigrateRow): string => `${r.target}\u0000${r.name}\u0000${r.arch}\u0000${r.installed}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Per target: counts by status, the shares, and the blockers first. */
export interface MigrateSummary {
  readonly target: string;
  readonly packages: number;
  readonly counts: Readonly<Record<MigrateStatus, number>>;
  /** same-build over the packages the migration moves (all but third-party); null: none, or unknown. */
  readonly unchangedShare: number | null;
  /** Any build of it in the target (same, newer, older, other repository, renamed) over the same. */
  readonly availableShare: number | null;
  /** Installed builds with a blocking status, sorted. */
  readonly blockers: readonly string[];
}

const ALL: readonly MigrateStatus[] = [
  "same-build",
  "newer-in-target",
  "older-in-target",
  "renamed",
  "other-repository",
  "modular-stream-change",
  "missing",
  "third-party",
  "unknown",
];

/**
 * Sums rows per target (in `targets` order).
 *
 * @example
 * summarizeMigrate(rows, ["almalinux:9"])[0].unchangedShare // 0.62
 */
export function summarizeMigrate(rows: readonly MigrateRow[], targets: readonly string[]): MigrateSummary[] {
  return targets.map((target) => {
    const mine = rows.filter((r) => r.target === target);
    const counts = Object.fromEntries(ALL.map((s) => [s, mine.filter((r) => r.status === s).length])) as Record<
      MigrateStatus,
      number
    >;
    const moved = mine.length - counts["third-party"];
    const known = moved - counts.unknown;
    const share = (n: number): number | null => (known <= 0 || counts.unknown > 0 ? null : n / known);
    const available =
      counts["same-build"] +
      counts["newer-in-target"] +
      counts["older-in-target"] +
      counts["other-repository"] +
      counts.renamed;
    return {
      target,
      packages: mine.length,
      counts,
      unchangedShare: share(counts["same-build"]),
      availableShare: share(available),
      blockers: mine.filter((r) => BLOCKING_STATUSES.includes(r.status)).map((r) => `${r.installed} (${r.status})`),
    };
  });
}
