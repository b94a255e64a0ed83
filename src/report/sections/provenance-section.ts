import { type ProvenanceAnswer, provenanceQuery } from "../../queries/provenance-query.js";
import { remember } from "../../queries/query-context.js";
import { noDataOf } from "../no-data-of.js";
import type { NoData, Provenance, ReportTable } from "../report-model.js";
import { section } from "../section.js";
import type { SectionInput } from "../section-input.js";
import type { SectionResult } from "../section-result.js";

type Row = readonly (string | number | null)[];

/** Builds and packages per distribution, release and build system, with the system's share of the release's packages. */
function systemRows(a: ProvenanceAnswer): Row[] {
  const sums = new Map<string, { release: string; system: string | null; builds: number; packages: number }>();
  const totals = new Map<string, number>();
  for (const g of a.groups) {
    const k = JSON.stringify([g.release, g.system]);
    const s = sums.get(k) ?? { release: g.release, system: g.system, builds: 0, packages: 0 };
    sums.set(k, { ...s, builds: s.builds + g.builds, packages: s.packages + g.packages });
    totals.set(g.release, (totals.get(g.release) ?? 0) + g.packages);
  }
  // a.groups is in release order, so the map's insertion order keeps it.
  return [...sums.values()].map((s) => [
    a.distro,
    s.release,
    s.system,
    s.builds,
    s.packages,
    `${((100 * s.packages) / (totals.get(s.release) ?? 1)).toFixed(1)}%`,
  ]);
}

/**
 * Build provenance: per distribution and release, the build systems its packages' build hosts
 * point to (the catalog's `buildSystems`), when the predominant one changed, packages with a
 * vendor or packager the distribution does not use, and the signing keys of a sample.
 *
 * @example
 * const { section } = await provenanceSection(input);
 */
export async function provenanceSection(input: SectionInput): Promise<SectionResult> {
  const answers: ProvenanceAnswer[] = [];
  const noData: NoData[] = [];
  for (const distro of input.all) {
    try {
      answers.push(await remember(input.ctx, `provenance ${distro}`, () => provenanceQuery(input.ctx, { distro })));
    } catch (e) {
      noData.push(noDataOf(`build provenance of ${distro}`, e));
    }
  }
  const tables: ReportTable[] = [];
  const table = (title: string, headers: readonly string[], rows: readonly Row[]): void => {
    if (rows.length > 0) tables.push({ title, headers, rows });
  };
  table(
    "Build systems per release (newest snapshots; builds are source RPMs per repository)",
    ["distribution", "release", "build system", "builds", "packages", "share of packages"],
    answers.flatMap(systemRows),
  );
  table(
    "Build-system changes (between releases, and within a repository's snapshots)",
    ["distribution", "where", "from", "to", "first seen"],
    answers.flatMap((a) =>
      a.changes.map((c): Row =>
        c.kind === "between-releases"
          ? [a.distro, `${c.previousRelease} → ${c.release}`, c.from, c.to, null]
          : [a.distro, c.repository, c.from, c.to, c.at],
      ),
    ),
  );
  table(
    "Packages with a vendor or packager the catalog does not expect",
    ["distribution", "release", "field", "value", "builds", "packages"],
    answers.flatMap((a) => a.unexpected.map((u): Row => [a.distro, u.release, u.field, u.value, u.builds, u.packages])),
  );
  table(
    "Signatures of a sample of packages per repository (RPM header by HTTP range request)",
    [
      "distribution",
      "repository",
      "sample",
      "listed key",
      "unknown key",
      "key not checked",
      "unsigned",
      "unreadable",
      "as of",
    ],
    answers.flatMap((a) =>
      (a.signatures?.repositories ?? []).map((r): Row => [
        a.distro,
        r.repository,
        r.sampled,
        r.listedKey,
        r.unknownKey,
        r.keyNotChecked,
        r.unsigned,
        r.unreadable,
        r.checkedAt,
      ]),
    ),
  );
  for (const a of answers) {
    if (a.signatures === null)
      noData.push({
        what: `signatures of ${a.distro} packages`,
        command: `elscope provenance --distro ${a.distro} --signatures`,
      });
  }
  const provenance: Provenance[] = answers.flatMap((a) =>
    a.sources.map((source) => ({ source, asOf: a.asOf[a.distro] ?? null })),
  );
  return {
    section: section("provenance", "Build provenance", {
      text: [
        "Where each distribution's packages were built, as their build hosts, packagers and vendors in primary.xml say; build systems by the catalog's host patterns (unknown: no pattern matches).",
      ],
      tables,
      noData,
      provenance,
    }),
    scoreInputs: [],
  };
}
