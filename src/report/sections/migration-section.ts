import { listedSource, type MigrateCheckAnswer, migrateCheckQuery } from "../../queries/migrate-check-query.js";
import { remember } from "../../queries/query-context.js";
import { type HostList, readHostList, SAMPLE_HOST_LIST } from "../../queries/sample-host-list.js";
import { factTable } from "../fact-table.js";
import { missingFacts } from "../missing-facts.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportTable } from "../report-model.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

/** Blockers named per target in the table; the rest are counted (the CLI lists them all). */
const BLOCKERS_SHOWN = 8;

const pct = (share: number | null): string | null => (share === null ? null : `${(100 * share).toFixed(1)}%`);

/** Every distribution of the report other than the host's that has the host's major. */
function targetsFor(input: SectionInput, from: { distro: string; major: string } | null): string[] {
  if (from === null) return [];
  return input.all
    .filter((d) => d !== from.distro)
    .filter((d) => input.catalog.distros.find((c) => c.id === d)?.majors.some((m) => m.major === from.major))
    .map((d) => `${d}:${from.major}`);
}

/** Summary and blocker rows of one migrate-check answer. */
function readinessTables(host: HostList, a: MigrateCheckAnswer): ReportTable[] {
  const from = `${a.source.distro}:${a.source.release ?? a.source.major}`;
  const synced = a.summaries.filter((s) => s.counts.unknown < s.packages || s.packages === 0);
  return [
    {
      title: `Migration readiness of a sample host: ${host.label} (${a.installedPackages} packages, ${from}); targets' newest snapshots`,
      headers: [
        "target",
        "as of",
        "same build",
        "newer in target",
        "older in target",
        "renamed",
        "other repository",
        "modular stream change",
        "missing",
        "third-party",
        "unchanged",
        "available",
        "blockers",
      ],
      rows: synced.map((s) => [
        s.target,
        a.asOf[s.target.split(":")[0] ?? ""] ?? null,
        s.counts["same-build"],
        s.counts["newer-in-target"],
        s.counts["older-in-target"],
        s.counts.renamed,
        s.counts["other-repository"],
        s.counts["modular-stream-change"],
        s.counts.missing,
        s.counts["third-party"],
        pct(s.unchangedShare),
        pct(s.availableShare),
        s.blockers.length === 0
          ? "none"
          : `${s.blockers.slice(0, BLOCKERS_SHOWN).join(", ")}${s.blockers.length > BLOCKERS_SHOWN ? ` and ${s.blockers.length - BLOCKERS_SHOWN} more` : ""}`,
      ]),
    },
    {
      title: "Tools that move the sample host, with their prerequisites checked against it",
      headers: ["target", "tool", "kind", "applies", "prerequisites"],
      rows: a.tools
        .filter((t) => synced.some((s) => s.target === t.target))
        .map((t) => [
          t.target,
          t.tool,
          t.kind,
          t.applies === null ? "unknown" : t.applies ? "yes" : "no",
          t.prerequisites
            .map((p) => `${p.check}: ${p.met === null ? "unknown" : p.met ? "met" : "not met"}`)
            .join("; ") || "none named",
        ]),
    },
  ].filter((t) => t.rows.length > 0);
}

/**
 * Migration tooling (conversion from other EL, in-place upgrades between majors), from the sourced
 * facts, and the readiness of a real sample host (data/hosts/) for each rebuild of its major, as
 * `elscope migrate-check` answers it from the synced store.
 *
 * @example
 * const { section } = await migrationSection(input);
 */
export async function migrationSection(input: SectionInput): Promise<SectionResult> {
  const { all, facts } = input;
  const host = input.hostList ?? readHostList(SAMPLE_HOST_LIST);
  const noData: NoData[] = [...missingFacts(["migration-tooling"], facts, all)];
  const tables: ReportTable[] = [factTable("Migration tools", ["migration-tooling"], facts, all)];
  const provenance: Provenance[] = [];
  // The list names its release (rocky-release-8.9), so the targets are the others of that major.
  const to = targetsFor(input, listedSource(input.ctx, host.text));
  if (to.length > 0) {
    try {
      const a = await remember(input.ctx, `migrate-check ${host.source}`, () =>
        migrateCheckQuery(input.ctx, { installed: host.text, to, facts }),
      );
      tables.push(...readinessTables(host, a));
      provenance.push({ source: `sample host list: ${host.source}`, asOf: null });
      for (const s of a.summaries) {
        const [distro = "", major = ""] = s.target.split(":");
        if (s.packages > 0 && s.counts.unknown === s.packages)
          noData.push({
            what: `migration readiness of the sample host on ${s.target}`,
            command: `elscope sync --distro ${distro} --release ${major}`,
          });
        else
          provenance.push({
            source: `${s.target}: newest synced snapshot of each repository`,
            asOf: a.asOf[distro] ?? null,
          });
      }
    } catch (e) {
      noData.push(noDataOf(`migration readiness of the sample host on ${to.join(", ")}`, e));
    }
  }
  return {
    section: section("migration", "Migration tooling and readiness", { tables, noData, provenance }),
    scoreInputs: [],
  };
}
