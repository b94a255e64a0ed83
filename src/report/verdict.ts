import type { NoData, Provenance, ReportSection, ReportTable } from "./report-model.js";
import type { ScoreInput } from "./score-input.js";

/** The answer at a glance: one column per distribution, one row per criterion, and what is one-sided. */
export interface Verdict {
  readonly table: ReportTable;
  /** One sentence per criterion some rebuilds have data for and others not, with the commands that even it out. */
  readonly oneSided: readonly string[];
}

/** The verdict's rows: where each one's input comes from, and which section names its gaps. */
const CRITERIA: readonly {
  readonly label: string;
  readonly input: string;
  readonly section: string;
  /** The upstream is the reference of a lag: it has none of its own. */
  readonly reference: boolean;
}[] = [
  { label: "release lag", input: "releases", section: "release-lag", reference: true },
  { label: "package lag", input: "patching lag", section: "update-lag", reference: true },
  { label: "errata lag", input: "errata lag", section: "advisories", reference: true },
  { label: "parity (source builds)", input: "package count", section: "compatibility", reference: true },
  { label: "mirrors", input: "mirror network", section: "mirrors", reference: false },
  { label: "images", input: "images", section: "images", reference: false },
  { label: "support", input: "support with SLA", section: "support-facts", reference: false },
  { label: "end of life", input: "end of life", section: "support", reference: false },
];

const sourced = (p: Provenance | null): string =>
  p === null ? "" : ` — ${p.source} (as of ${p.asOf === null ? "unknown" : p.asOf.slice(0, 10)})`;

/** Whether `text` names distribution `d` as a word (rocky, not rocky-extra). */
export const names = (text: string, d: string): boolean =>
  new RegExp(`(^|[^\\w-])${d.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\w-]|$)`).test(text);

/**
 * The verdict: each criterion's value for each distribution with its source and as-of, "no
 * data" where there is none, and a plain sentence for each comparison only some rebuilds have
 * data for, with the command that would even it out (the one its section names).
 *
 * @example
 * verdict(["rhel", "almalinux", "rocky"], "rhel", inputs, sections).oneSided
 * // ["errata lag is one-sided: only almalinux has data; for rocky: `elscope import osv <repository> --distro rocky`"]
 */
export function verdict(
  all: readonly string[],
  upstream: string,
  inputs: readonly ScoreInput[],
  sections: readonly ReportSection[],
  extraGaps: readonly NoData[],
): Verdict {
  const byKey = new Map(inputs.map((i) => [`${i.distro}\u0000${i.criterion}`, i]));
  const has = (d: string, input: string): ScoreInput | undefined => {
    const i = byKey.get(`${d}\u0000${input}`);
    return i === undefined || i.value === null ? undefined : i;
  };
  const gapsOf = (id: string): readonly NoData[] =>
    id === "support-facts" ? extraGaps : (sections.find((s) => s.id === id)?.noData ?? []);
  const commandFor = (id: string, d: string): string =>
    gapsOf(id).find((n) => names(n.what, d) || names(n.command, d))?.command ?? "see its section";
  const rows = CRITERIA.map((c) => [
    c.label,
    ...all.map((d) => {
      if (c.reference && d === upstream) return "reference";
      const i = has(d, c.input);
      return i === undefined ? "no data" : `${i.input}${sourced(i.provenance)}`;
    }),
  ]);
  const rebuilds = all.filter((d) => d !== upstream);
  const oneSided = CRITERIA.flatMap((c) => {
    const with_ = rebuilds.filter((d) => has(d, c.input) !== undefined);
    const without = rebuilds.filter((d) => has(d, c.input) === undefined);
    if (with_.length === 0 || without.length === 0) return [];
    return [
      `${c.label} is one-sided: only ${with_.join(", ")} ${with_.length === 1 ? "has" : "have"} data; ${without
        .map((d) => `for ${d}: \`${commandFor(c.section, d)}\``)
        .join("; ")}.`,
    ];
  });
  return {
    table: { title: "The answer at a glance (value — source, as of)", headers: ["criterion", ...all], rows },
    oneSided,
  };
}
