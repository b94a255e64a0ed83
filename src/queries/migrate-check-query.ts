import {
  type MigrateRow,
  type MigrateSummary,
  type MigrateTargetInput,
  migrateStatuses,
  summarizeMigrate,
} from "../analyze/migrate-statuses.js";
import { type BadHostLine, type HostPackageList, parseHostPackageList } from "../analyze/parse-host-package-list.js";
import { checkDistros } from "../catalog/check-distros.js";
import { NoDataError } from "../errors/no-data-error.js";
import { UsageError } from "../errors/usage-error.js";
import { type ApplicableTool, applicableTools } from "../analyze/applicable-tools.js";
import { type DriverRow, driverStatuses, parseHostDevices } from "../analyze/driver-statuses.js";
import { leappFacts } from "../analyze/leapp-facts.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import type { LeappRecord } from "../model/leapp-record.js";
import { MigrationDataStore } from "../store/migration-data-store.js";
import { asOf } from "./as-of.js";
import { releasesInStore } from "./builds-of.js";
import type { Measured } from "./measured.js";
import type { QueryContext } from "./query-context.js";

/** What to check: the host's package list (text), the targets ("almalinux:9") and the source ("centos:8"). */
export interface MigrateCheckParams {
  readonly installed: string;
  readonly to: readonly string[];
  /** Omitted: read from the list's `*-release` package. */
  readonly from?: string;
  /** The sourced facts (facts/*.yaml): which tools apply; omitted, none are named. */
  readonly facts?: readonly LoadedFact[];
  /** The host's `lsmod` or `lspci -nn` output: its drivers checked against each target's deprecation data. */
  readonly drivers?: string;
}

/** The source distribution and release the host runs, and how that was known. */
export interface MigrateSource {
  readonly distro: string;
  readonly major: string;
  /** The minor release when the `*-release` package names it ("8.5"), else null. */
  readonly release: string | null;
  readonly vendor: string | null;
  readonly knownFrom: "--from" | "release package";
}

/** Statuses of each installed package on each target, their summaries, and the lines not read. */
export interface MigrateCheckAnswer extends Measured {
  readonly format: HostPackageList["format"];
  readonly source: MigrateSource;
  readonly targets: readonly string[];
  readonly installedPackages: number;
  readonly ignoredPackages: number;
  readonly badLines: readonly BadHostLine[];
  readonly summaries: readonly MigrateSummary[];
  /** The tools that move the host to each target, with their prerequisites checked. */
  readonly tools: readonly ApplicableTool[];
  /** With `drivers`: each host module and PCI device on each target (removed ones are blockers too). */
  readonly drivers: readonly DriverRow[];
  readonly rows: readonly MigrateRow[];
}

/**
 * CentOS Linux is in no catalog file (nothing of it is synced); its release packages name it
 * (centos-linux-release from 8.3, centos-release before), as the catalog's releasePackage names the others.
 */
const CENTOS_LINUX_RELEASE_PACKAGES = ["centos-linux-release", "centos-release"];

/** The leapp kinds a check reads, per target distribution. */
const LEAPP_KINDS = ["leapp-pes-events", "leapp-repomap", "leapp-repomap-csv", "leapp-device-drivers"];

/** `distro:major` → its parts, or a UsageError. */
function parseTarget(text: string, option: string): { distro: string; major: string } {
  const m = /^([a-z0-9][a-z0-9-]*):(\d+)$/.exec(text.trim());
  if (m === null) throw new UsageError("arguments", `${option} wants distro:major, e.g. almalinux:9; got "${text}"`);
  return { distro: m[1] ?? "", major: m[2] ?? "" };
}

/** The source the list names through its release package, if any. */
function sourceFromList(ctx: QueryContext, list: HostPackageList): MigrateSource | null {
  const byPackage = new Map<string, string>(CENTOS_LINUX_RELEASE_PACKAGES.map((p) => [p, "centos"]));
  for (const d of ctx.catalog.distros)
    if (d.releaseDates?.releasePackage) byPackage.set(d.releaseDates.releasePackage, d.id);
  for (const p of list.packages) {
    const distro = byPackage.get(p.name);
    if (distro === undefined) continue;
    const release = /^\d+(\.\d+)?/.exec(p.version)?.[0] ?? p.version;
    const el = /\.el(\d+)/.exec(p.release)?.[1];
    const major = el ?? release.split(".")[0] ?? "";
    return {
      distro,
      major,
      release: release.includes(".") && release.startsWith(`${major}.`) ? release : null,
      vendor: p.vendor,
      knownFrom: "release package",
    };
  }
  return null;
}

/**
 * The distribution and major a host list names through its `*-release` package, or null.
 *
 * @example
 * listedSource(ctx, "rocky-release-8.9-1.6.el8.noarch\n") // { distro: "rocky", major: "8", release: "8.9", … }
 */
export function listedSource(ctx: QueryContext, installed: string): MigrateSource | null {
  return sourceFromList(ctx, parseHostPackageList(installed));
}

/**
 * Migration readiness of one host: for each installed package and each target, whether the
 * target's newest snapshot has the same build, a newer or older one, the package under another
 * name or in another repository, a changed module stream, or nothing; third-party packages
 * (another vendor than the source's) are left alone. A target with nothing synced shows as
 * unknown; when no target has data, a NoDataError.
 *
 * @example
 * const a = await migrateCheckQuery(ctx, { installed: text, to: ["almalinux:9"], from: "centos:8" });
 */
export async function migrateCheckQuery(ctx: QueryContext, params: MigrateCheckParams): Promise<MigrateCheckAnswer> {
  if (params.to.length === 0) throw new UsageError("arguments", "--to wants at least one target, e.g. almalinux:9");
  const targets = params.to.map((t) => parseTarget(t, "--to"));
  checkDistros(
    ctx.catalog,
    targets.map((t) => t.distro),
  );
  const list = parseHostPackageList(params.installed);
  if (list.packages.length === 0)
    throw new UsageError("arguments", `the host list names no package (${list.badLines.length} lines not read)`);
  const listed = sourceFromList(ctx, list);
  let source: MigrateSource;
  if (params.from !== undefined && params.from !== "") {
    const f = parseTarget(params.from, "--from");
    source = {
      ...f,
      release: listed?.major === f.major ? listed.release : null,
      vendor: listed?.vendor ?? null,
      knownFrom: "--from",
    };
  } else if (listed !== null) source = listed;
  else throw new UsageError("arguments", "the list names no *-release package: give --from, e.g. --from centos:8");

  // The source's synced store, when there is one, says which repository each package is from.
  const sourceRepoOf = new Map<string, string>();
  if (ctx.catalog.distros.some((d) => d.id === source.distro)) {
    const releases = await releasesInStore(ctx.store, source.distro, source.major);
    if (releases.length > 0)
      for (const r of await ctx.store.currentRows(source.distro, releases))
        if (!sourceRepoOf.has(r.name)) sourceRepoOf.set(r.name, r.repo);
  }

  const inputs: MigrateTargetInput[] = [];
  const leappSources: string[] = [];
  const migrationData = new MigrationDataStore(ctx.store.db);
  const deviceData: { target: string; major: number; records: readonly LeappRecord[] | null }[] = [];
  for (const t of targets) {
    const releases = await releasesInStore(ctx.store, t.distro, t.major);
    const rows = releases.length === 0 ? [] : await ctx.store.currentRows(t.distro, releases);
    const leapp = await migrationData.records(t.distro, LEAPP_KINDS);
    const withDrivers = leapp.origins.some((o) => o.sourceKind === "leapp-device-drivers");
    deviceData.push({
      target: `${t.distro}:${t.major}`,
      major: Number(t.major),
      records: withDrivers ? leapp.records : null,
    });
    for (const o of leapp.origins)
      if (o.sourceKind !== "leapp-device-drivers" || params.drivers !== undefined)
        leappSources.push(`${t.distro}: ${o.sourceKind} ${o.source} (imported ${o.importedAt})`);
    inputs.push({
      target: `${t.distro}:${t.major}`,
      packages: rows.length === 0 ? null : rows.map((r) => ({ ...r, repo: r.repo })),
      ...leappFacts(leapp.records, source.major, t.major),
    });
  }
  if (inputs.every((i) => i.packages === null))
    throw new NoDataError(
      "store",
      `no data for ${params.to.join(", ")}: run \`elscope sync --distro ${targets[0]?.distro ?? ""} --release ${targets[0]?.major ?? ""}\` first`,
    );
  const rows = migrateStatuses(
    {
      packages: list.packages,
      sourceVendor: source.vendor,
      vendorsGiven: list.format === "rpm-qa-qf",
      sourceRepoOf,
    },
    inputs,
  );
  const names = inputs.map((i) => i.target);
  const drivers = params.drivers === undefined ? [] : driverStatuses(parseHostDevices(params.drivers), deviceData);
  const summaries = summarizeMigrate(rows, names).map((s) => ({
    ...s,
    blockers: [
      ...s.blockers,
      ...drivers
        .filter((d) => d.target === s.target && d.status === "removed")
        .map((d) => `${d.kind === "pci" ? "PCI device" : "driver"} ${d.id} (removed)`),
    ],
  }));
  const distros = [...new Set(targets.map((t) => t.distro))];
  return {
    format: list.format,
    source,
    targets: names,
    installedPackages: list.packages.length,
    ignoredPackages: list.ignored,
    badLines: list.badLines,
    summaries,
    drivers,
    tools: applicableTools(source, targets, params.facts ?? []),
    rows,
    asOf: await asOf(ctx.store, distros),
    sources: [
      ...inputs.map((i) =>
        i.packages === null
          ? `${i.target}: nothing synced (unknown)`
          : `${i.target}: newest synced snapshot of each repository`,
      ),
      ...(sourceRepoOf.size > 0
        ? [`${source.distro}:${source.major}: synced repositories (where each package is from)`]
        : []),
      ...[...new Set(leappSources)].sort(),
      ...(list.format === "rpm-qa-qf" ? ["host list: package vendors (third-party)"] : []),
    ],
  };
}
