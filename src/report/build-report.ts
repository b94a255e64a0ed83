import { computeAdvisoryLag, computeExposure, summarizeAdvisoryLag } from "../analyze/advisory-lag.js";
import { architectures } from "../analyze/architectures.js";
import { BuildMatcher } from "../analyze/build-matcher.js";
import { factFreshness } from "../analyze/fact-freshness.js";
import { imageMatrix } from "../analyze/image-matrix.js";
import { matchRules } from "../analyze/match-rules.js";
import { type MirrorStats, mirrorStats } from "../analyze/mirror-stats.js";
import { computeParity } from "../analyze/parity.js";
import { computeReleaseLag } from "../analyze/release-lag.js";
import { type SourceBuild, collectSourceBuilds } from "../analyze/source-build.js";
import { type RebuildInput, computeUpdateLag, median, summarizeLag } from "../analyze/update-lag.js";
import { PROBE_HISTORY_DEPTH, STALE_DAYS } from "../catalog/defaults.js";
import type { FactTopic } from "../catalog/facts-schema.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { ImageStore } from "../store/image-store.js";
import { MirrorStore } from "../store/mirror-store.js";
import { releaseDatesInStore } from "../queries/release-dates-in-store.js";
import type { Store } from "../store/store.js";
import { factTable } from "./fact-table.js";
import { missingFacts } from "./missing-facts.js";
import { newest } from "./newest.js";
import type { NoData, Provenance, ReportModel, ReportSection, ReportTable, Score } from "./report-model.js";
import { SCORE_RULES } from "./scorecard-rules.js";
import { section } from "./section.js";

export interface ReportInput {
  readonly catalog: Catalog;
  readonly store: Store;
  readonly facts: readonly LoadedFact[];
  readonly upstream: string;
  readonly distros: readonly string[];
  readonly now: Date;
  readonly staleDays?: number;
}

/**
 * Gathers the whole comparison from the store, the catalog and the facts:
 * every figure with its source and as-of time, every gap as "no data" with
 * the command that fills it, and the scorecard with the rule behind each score.
 *
 * @example
 * const model = await buildReport({ catalog, store, facts, upstream: "rhel", distros: ["almalinux", "rocky"], now: new Date() });
 */
export async function buildReport(input: ReportInput): Promise<ReportModel> {
  const { catalog, store, upstream, distros, now } = input;
  const all = [upstream, ...distros.filter((d) => d !== upstream)];
  const facts = factFreshness(input.facts, now, input.staleDays ?? STALE_DAYS);
  const sections: ReportSection[] = [];
  type ScoreInput = { value: number | string | null; input: string; provenance: Provenance | null };
  const scoreInputs = new Map<string, Map<string, ScoreInput>>();
  const setInput = (
    d: string,
    criterion: string,
    value: number | string | null,
    inputText: string,
    provenance: Provenance | null,
  ): void => {
    const m = scoreInputs.get(d) ?? new Map<string, ScoreInput>();
    m.set(criterion, { value, input: inputText, provenance });
    scoreInputs.set(d, m);
  };
  const repos = await store.listRepositories();
  // Parity and update lag read the same builds: each distribution's are read once per release set.
  const buildCache = new Map<string, Promise<SourceBuild[]>>();
  const buildsOf = (d: string, releases: readonly string[]): Promise<SourceBuild[]> => {
    const key = `${d}\u0000${[...releases].sort().join(",")}`;
    let p = buildCache.get(key);
    if (p === undefined) {
      p = store.currentSourceRows(d, releases).then((rows) => collectSourceBuilds(rows));
      buildCache.set(key, p);
    }
    return p;
  };

  // Compatibility: the claims, and parity measured where both sides are synced.
  {
    const tables: ReportTable[] = [
      factTable("Compatibility claims", ["compatibility-claim", "modified-packages"], facts, all),
    ];
    const noData: NoData[] = missingFacts(["compatibility-claim"], facts, distros);
    const provenance: Provenance[] = [];
    const rows: (string | number | null)[][] = [];
    for (const d of distros) {
      const majors = [
        ...new Set(repos.filter((r) => r.distro === upstream).map((r) => r.release.split(".")[0] ?? "")),
      ].sort();
      const major = majors.filter((m) => repos.some((r) => r.distro === d && r.release.split(".")[0] === m)).at(-1);
      if (major === undefined) {
        noData.push({
          what: `parity of ${d} with ${upstream}`,
          command: `elscope sync --distro ${upstream},${d} --release 9`,
        });
        continue;
      }
      const rel = (id: string) => [
        ...new Set(repos.filter((r) => r.distro === id && r.release.split(".")[0] === major).map((r) => r.release)),
      ];
      const up = await buildsOf(upstream, rel(upstream));
      const mine = await buildsOf(d, rel(d));
      const p = computeParity(up, [{ id: d, builds: mine, rules: matchRules(catalog, d, upstream) }]);
      const c = p.total.rebuilds[d];
      rows.push([
        d,
        major,
        p.total.upstreamBuilds,
        c?.identical ?? null,
        c?.modified ?? null,
        c?.missing ?? null,
        (p.rebuildOnly[d] ?? []).length,
      ]);
      const asOf = newest(repos.filter((r) => r.distro === d || r.distro === upstream).map((r) => r.checkedAt));
      provenance.push({ source: `synced repositories of ${upstream} and ${d} ${major}`, asOf });
      const share = up.length === 0 ? null : mine.length / up.length;
      setInput(
        d,
        "package count",
        share,
        share === null
          ? "no upstream builds"
          : `${mine.length} of ${up.length} source builds (${(share * 100).toFixed(1)} %)`,
        { source: `synced repositories, ${major}`, asOf },
      );
    }
    if (rows.length > 0)
      tables.push({
        title: `Measured parity with ${upstream} (source builds)`,
        headers: ["distribution", "major", `${upstream} builds`, "identical", "modified", "missing", "own builds"],
        rows,
      });
    sections.push(section("compatibility", "Compatibility stance and measured parity", { tables, noData, provenance }));
  }

  // Community and sponsorship.
  const stats = new Map<string, MirrorStats>();
  {
    const mirrors = new MirrorStore(store.db);
    const current = await mirrors.currentMirrors(all);
    const snapshots = await mirrors.snapshots(all);
    for (const d of all) {
      if (current.some((m) => m.distro === d))
        stats.set(d, mirrorStats(d, current, snapshots, await mirrors.probeHistory(d, PROBE_HISTORY_DEPTH)));
    }
    const topics: FactTopic[] = ["organisation", "legal-form", "founded-by", "sponsors", "partners"];
    const sponsorRows = [...stats.values()].map((s) => [
      s.distro,
      s.sponsors.distinct,
      s.sponsors.top
        .slice(0, 3)
        .map((t) => t.sponsor)
        .join(", "),
    ]);
    sections.push(
      section("community", "Community and sponsorship", {
        tables: [
          factTable("Organisation", topics, facts, all),
          ...(sponsorRows.length > 0
            ? [{ title: "Mirror sponsors", headers: ["distribution", "sponsors", "largest"], rows: sponsorRows }]
            : []),
        ],
        noData: missingFacts(["organisation"], facts, all),
        provenance: [...stats.values()].flatMap((s) =>
          s.sources.map((x) => ({ source: `${x.kind} ${x.source}`, asOf: x.observedAt })),
        ),
      }),
    );
  }

  // Popularity.
  {
    const points = await new ImageStore(store.db).popularity(all);
    const latest = new Map<string, (typeof points)[number]>();
    for (const p of points) latest.set(`${p.distro}\u0000${p.metric}\u0000${p.subject}`, p);
    const rows = [...latest.values()].map((p) => [
      p.distro,
      p.metric,
      p.subject,
      p.value,
      p.date,
      `${p.sourceKind} ${p.source}`,
    ]);
    sections.push(
      section("popularity", "Popularity", {
        tables:
          rows.length > 0
            ? [
                {
                  title: "Newest value of each series",
                  headers: ["distribution", "metric", "subject", "value", "date", "source"],
                  rows,
                },
              ]
            : [],
        noData:
          rows.length > 0
            ? []
            : [
                {
                  what: "popularity series",
                  command:
                    "elscope import <docker-hub-repository|quay-repository|vagrant-cloud-box|popularity-csv|countme-totals> <file> --distro <id>",
                },
              ],
      }),
    );
  }

  // Images.
  {
    const images = await new ImageStore(store.db).currentImages(all);
    const rows = imageMatrix(catalog.distros, images).map((r) => [
      r.distro,
      r.channel,
      r.type,
      r.images,
      r.official,
      r.thirdParty,
      r.releases.join(" "),
      r.arches.join(" "),
      r.asOf.slice(0, 10),
    ]);
    const have = new Set(images.map((i) => i.distro));
    sections.push(
      section("images", "Cloud, on-premise, Vagrant and container images", {
        tables: [
          ...(rows.length > 0
            ? [
                {
                  title: "Images by channel",
                  headers: [
                    "distribution",
                    "channel",
                    "type",
                    "images",
                    "official",
                    "third-party",
                    "releases",
                    "architectures",
                    "as of",
                  ],
                  rows,
                },
              ]
            : []),
          factTable("Stated image offers", ["cloud-images", "container-images", "vagrant-boxes"], facts, all),
        ],
        noData: all
          .filter((d) => !have.has(d))
          .map((d) => ({
            what: `${d} images`,
            command: `elscope images crawl --distro ${d}, or elscope import aws-describe-images <file> --distro ${d}`,
          })),
      }),
    );
  }

  // Development process.
  sections.push(
    section("development", "Development process and build systems", {
      tables: [
        factTable("Process", ["build-system", "upstream-source", "update-policy", "minor-release-policy"], facts, all),
      ],
      noData: missingFacts(["build-system"], facts, all),
    }),
  );

  // Architectures.
  {
    const rows = architectures(catalog, repos)
      .filter((r) => all.includes(r.distro) && r.declared)
      .map((r) => [r.distro, r.major, r.arch, r.confirmed === null ? "not synced" : r.confirmed ? "yes" : "no"]);
    sections.push(
      section("architectures", "Architectures per release", {
        tables: [
          {
            title: "Declared in the catalog; confirmed by synced repositories",
            headers: ["distribution", "major", "architecture", "confirmed"],
            rows,
          },
        ],
        provenance: [{ source: "catalog/*.yaml (each architecture with its source named there)", asOf: null }],
      }),
    );
  }

  // Initial release lag.
  {
    const up = catalog.distros.find((x) => x.id === upstream);
    const rebuilds = catalog.distros.filter((x) => distros.includes(x.id) && x.id !== upstream);
    const lag =
      up === undefined
        ? []
        : computeReleaseLag(await releaseDatesInStore(store, catalog), up, rebuilds, "announcement");
    const measured = lag.filter((r) => r.lagDays !== null);
    const datesAsOf = newest((await store.releaseDates()).map((r) => r.importedAt));
    const labels = [...new Set(measured.map((r) => r.release))].sort((a, b) =>
      a.localeCompare(b, "en", { numeric: true }),
    );
    for (const d of rebuilds) {
      const days = measured
        .filter((r) => r.distro === d.id)
        .map((r) => r.lagDays as number)
        .sort((a, b) => a - b);
      const m = median(days);
      setInput(
        d.id,
        "releases",
        m,
        m === null ? "no measured minor" : `median ${m} days over ${days.length} minor${days.length === 1 ? "" : "s"}`,
        {
          source: "release dates in the store (release tables, endoflife.date, first file dates)",
          asOf: datesAsOf,
        },
      );
    }
    sections.push(
      section("release-lag", "Initial release lag per minor release", {
        text: [
          `Days from ${upstream}'s GA (announcement convention) of each minor to each rebuild's, from the release dates in the store; each row names its sources.`,
        ],
        tables:
          measured.length > 0
            ? [
                {
                  title: "Release lag",
                  headers: ["release", "distribution", `${upstream} GA`, "GA", "lag (days)", "from"],
                  rows: measured.map((r) => [
                    r.release,
                    r.distro,
                    r.upstreamDate,
                    r.date,
                    r.lagDays,
                    `${r.source ?? ""} / ${r.upstreamSource ?? ""}`,
                  ]),
                },
              ]
            : [],
        charts:
          measured.length > 0
            ? [
                {
                  title: "Initial release lag",
                  unit: "days",
                  labels,
                  series: rebuilds.map((d) => ({
                    name: d.id,
                    values: labels.map(
                      (l) => measured.find((r) => r.distro === d.id && r.release === l)?.lagDays ?? null,
                    ),
                  })),
                },
              ]
            : [],
        noData: [
          ...(up !== undefined && !measured.some((r) => r.upstreamDate !== null)
            ? [{ what: `${upstream} release dates`, command: "elscope update" }]
            : []),
          ...rebuilds
            .filter((d) => !measured.some((r) => r.distro === d.id))
            .map((d) => ({
              what: `${d.id} release dates`,
              command: `elscope update --distro ${d.id} (or elscope import <endoflife-release-data|almalinux-release-notes|rocky-version-table> <file> --distro ${d.id})`,
            })),
        ],
      }),
    );
  }

  // Update release lag: per upstream build, from synced repositories on both sides.
  {
    const tables: ReportTable[] = [];
    const noData: NoData[] = [];
    const provenance: Provenance[] = [];
    const upReleases = [...new Set(repos.filter((r) => r.distro === upstream).map((r) => r.release))];
    const upBuilds = upReleases.length === 0 ? [] : await buildsOf(upstream, upReleases);
    const inputs: RebuildInput[] = [];
    for (const d of distros) {
      const mine = [...new Set(repos.filter((r) => r.distro === d).map((r) => r.release))];
      if (upBuilds.length === 0 || mine.length === 0) {
        noData.push({
          what: `update lag of ${d}`,
          command: `elscope sync --distro ${upstream},${d} --release 9 && elscope lag --rebuild ${d} --summary`,
        });
        continue;
      }
      inputs.push({
        id: d,
        builds: await buildsOf(d, mine),
        rules: matchRules(catalog, d, upstream),
      });
      provenance.push({
        source: `synced repositories of ${upstream} and ${d} (metadata file times)`,
        asOf: newest(repos.filter((r) => r.distro === d || r.distro === upstream).map((r) => r.checkedAt)),
      });
    }
    if (inputs.length > 0) {
      const lag = computeUpdateLag(upBuilds, inputs, "file");
      const summaries = summarizeLag(
        lag,
        inputs.map((i) => i.id),
      );
      tables.push({
        title: "Update lag per release (days from the upstream build's file time to the rebuild's)",
        headers: [
          "distribution",
          "release",
          "builds",
          "matched",
          "missing",
          "median",
          "p90",
          "max",
          "within 1 day",
          "within 7 days",
        ],
        rows: summaries
          .filter((x) => x.groupBy === "release" || x.groupBy === "distro")
          .map((x) => [
            x.rebuild,
            x.groupBy === "distro" ? "all" : x.group,
            x.builds,
            x.matched,
            x.missing,
            x.medianDays,
            x.p90Days,
            x.maxDays,
            x.within1Day === null ? null : `${Math.round(x.within1Day * 100)} %`,
            x.within7Days === null ? null : `${Math.round(x.within7Days * 100)} %`,
          ]),
      });
      const kernel = lag.filter((r) => r.package === "kernel");
      if (kernel.length > 0) {
        tables.push({
          title: "The kernel's builds",
          headers: ["upstream build", "release", ...inputs.flatMap((i) => [`${i.id} build`, `${i.id} lag (days)`])],
          rows: kernel.map((r) => [
            r.upstreamBuild,
            r.upstreamRelease,
            ...inputs.flatMap((i) => [r.rebuilds[i.id]?.build ?? null, r.rebuilds[i.id]?.lagDays ?? null]),
          ]),
        });
      }
    }
    sections.push(
      section("update-lag", "Update release lag", {
        text: [
          "Per-package lag from each upstream build to the rebuild's matching build (`elscope lag` for every row).",
        ],
        tables,
        noData,
        provenance,
      }),
    );
  }

  // Security advisories.
  {
    const theirs = await store.advisories(upstream);
    const exposures: (string | number | null)[][] = [];
    const tables: ReportTable[] = [];
    const charts = [];
    const noData: NoData[] = [];
    const provenance: Provenance[] = [];
    for (const d of distros) {
      const mine = await store.advisories(d);
      if (mine.length === 0) {
        noData.push({ what: `advisories of ${d}`, command: `elscope import osv <osv-database> --distro ${d}` });
        continue;
      }
      const matcher = new BuildMatcher([], matchRules(catalog, d, upstream));
      const rows = computeAdvisoryLag(mine, theirs, (release) => matcher.unmark(release));
      const summaries = summarizeAdvisoryLag(rows);
      const allS = summaries.find((s) => s.groupBy === "all");
      const exposure = computeExposure(rows)
        .map((x) => x.exposureDays)
        .filter((x): x is number => x !== null)
        .sort((a, b) => a - b);
      exposures.push([d, exposure.length, median(exposure), exposure.at(-1) ?? null]);
      const years = summaries.filter((s) => s.groupBy === "year" && s.group !== "unknown");
      tables.push({
        title: `${d}: advisory lag by year`,
        headers: ["year", "advisories", "measured", "median (days)", "p90 (days)"],
        rows: years.map((s) => [s.group, s.advisories, s.measured, s.medianDays, s.p90Days]),
      });
      charts.push({
        title: `${d}: median advisory lag by year`,
        unit: "days",
        labels: years.map((s) => s.group),
        series: [{ name: d, values: years.map((s) => s.medianDays) }],
      });
      // As of the newest sighting in the source's own history where it has one, else elscope's own.
      const source = newest(mine.map((a) => a.firstSeenGit)) ?? newest(mine.map((a) => a.firstSeenObserver));
      provenance.push({
        source: `${d} advisories (${[...new Set(mine.map((a) => a.sourceKind))].join(", ")})`,
        asOf: source,
      });
      setInput(
        d,
        "patching lag",
        allS?.medianDays ?? null,
        allS?.medianDays === null || allS === undefined
          ? "no measured advisory"
          : `median ${allS.medianDays} days over ${allS.measured} advisories`,
        { source: `${d} advisories`, asOf: source },
      );
    }
    sections.push(
      section("advisories", "Security advisory lag and CVE exposure", {
        text: [
          "Lag runs from the upstream advisory's date to the rebuild advisory's first sighting (its git history or elscope's own first sight); advisories with no honest time are not measured. CVE exposure runs from a CVE's first upstream fix to the rebuild's (every CVE: `elscope exposure --distro <id>`).",
        ],
        tables: [
          ...tables,
          ...(exposures.length > 0
            ? [
                {
                  title: "CVE exposure (from advisories)",
                  headers: ["distribution", "CVEs measured", "median (days)", "max (days)"],
                  rows: exposures,
                },
              ]
            : []),
        ],
        charts,
        noData,
        provenance,
      }),
    );
  }

  // Repositories.
  {
    const rows = repos
      .filter((r) => all.includes(r.distro))
      .map((r) => [r.distro, r.release, r.repo, r.arch, r.packages, r.checkedAt]);
    sections.push(
      section("repositories", "Repositories and package counts", {
        tables:
          rows.length > 0
            ? [
                {
                  title: "Synced repositories",
                  headers: ["distribution", "release", "repository", "architecture", "packages", "as of"],
                  rows,
                },
              ]
            : [],
        noData: all
          .filter((d) => !repos.some((r) => r.distro === d))
          .map((d) => ({ what: `${d} repositories`, command: `elscope sync --distro ${d} --release 9` })),
      }),
    );
  }

  sections.push(
    section("migration", "Migration tooling", {
      tables: [factTable("Migration tools", ["migration-tooling"], facts, all)],
      noData: missingFacts(["migration-tooling"], facts, all),
    }),
  );

  // Mirror network.
  {
    const rows = [...stats.values()].map((s) => [
      s.distro,
      s.mirrors.total,
      s.mirrors.public,
      s.protocols.https,
      s.protocols.rsync,
      `${s.ipv6.yes} / ${s.ipv6.no} / ${s.ipv6.unknown}`,
      s.countries.length,
      s.updateFrequency.medianHours,
      s.asOf.slice(0, 10),
    ]);
    for (const s of stats.values())
      setInput(s.distro, "mirror network", s.mirrors.public, `${s.mirrors.public} public mirrors`, {
        source: s.sources.map((x) => x.kind).join(", "),
        asOf: s.asOf,
      });
    const continents = [...new Set([...stats.values()].flatMap((s) => s.continents.map((c) => c.continent)))].sort();
    sections.push(
      section("mirrors", "Mirror network", {
        tables:
          rows.length > 0
            ? [
                {
                  title: "Mirrors",
                  headers: [
                    "distribution",
                    "mirrors",
                    "public",
                    "https",
                    "rsync",
                    "IPv6 yes/no/unknown",
                    "countries",
                    "median update (h)",
                    "as of",
                  ],
                  rows,
                },
              ]
            : [],
        charts:
          stats.size > 0
            ? [
                {
                  title: "Mirrors per continent",
                  unit: "mirrors",
                  labels: continents,
                  series: [...stats.values()].map((s) => ({
                    name: s.distro,
                    values: continents.map((c) => s.continents.find((x) => x.continent === c)?.mirrors ?? 0),
                  })),
                },
              ]
            : [],
        noData: all
          .filter((d) => !stats.has(d))
          .map((d) => ({
            what: `${d} mirror list`,
            command: `elscope update --distro ${d} (or elscope import <mirror list kind> <file> --distro ${d})`,
          })),
        provenance: [...stats.values()].flatMap((s) =>
          s.sources.map((x) => ({ source: `${s.distro}: ${x.kind} ${x.source}`, asOf: x.observedAt })),
        ),
      }),
    );
  }

  // Fact-based inputs of the scorecard.
  for (const d of distros) {
    const fact = (t: FactTopic) => facts.find((f) => f.distro === d && f.topic === t);
    const doc = fact("documentation");
    setInput(
      d,
      "documentation",
      doc === undefined ? null : doc.status === "unverified" ? "unverified" : "checked",
      doc === undefined ? "no fact" : `${String(doc.value)} (${doc.status})`,
      doc === undefined ? null : { source: doc.source, asOf: doc.checked === "unverified" ? null : doc.checked },
    );
    const support = fact("commercial-support");
    setInput(
      d,
      "support with SLA",
      support === undefined ? null : String(support.value),
      support === undefined ? "no fact" : String(support.value),
      support === undefined
        ? null
        : { source: support.source, asOf: support.checked === "unverified" ? null : support.checked },
    );
    const services = fact("professional-services");
    setInput(
      d,
      "professional services",
      services === undefined ? null : services.status === "unverified" ? "unverified" : "checked",
      services === undefined ? "no fact" : String(services.value),
      services === undefined
        ? null
        : { source: services.source, asOf: services.checked === "unverified" ? null : services.checked },
    );
  }
  const scorecard: Score[] = distros.flatMap((d) =>
    SCORE_RULES.map((rule) => {
      const i = scoreInputs.get(d)?.get(rule.criterion);
      return {
        distro: d,
        criterion: rule.criterion,
        score: rule.score(i?.value ?? null),
        input: i?.input ?? "no data",
        rule: rule.rule,
        provenance: i?.provenance ?? null,
      };
    }),
  );
  return {
    title: `Enterprise Linux comparison: ${distros.join(", ")} against ${upstream}`,
    generatedAt: now.toISOString(),
    upstream,
    distros,
    sections,
    scorecard,
  };
}
