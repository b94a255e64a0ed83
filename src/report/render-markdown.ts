import { chartTable } from "./chart-table.js";
import { completionsTable, gapPointer } from "./completions-table.js";
import type { ReportModel, ReportTable } from "./report-model.js";
import { scorecardMatrix } from "./scorecard-matrix.js";

const cell = (v: string | number | null): string =>
  (v === null
    ? "unknown"
    : typeof v === "number"
      ? Number.isInteger(v)
        ? v.toLocaleString("en-US")
        : v.toFixed(2)
      : v
  )
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");

function table(t: ReportTable): string {
  if (t.rows.length === 0) return `*${t.title}: no rows.*\n`;
  return [
    `**${t.title}**`,
    "",
    `| ${t.headers.map(cell).join(" | ")} |`,
    `| ${t.headers.map(() => "---").join(" | ")} |`,
    ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    "",
  ].join("\n");
}

/**
 * The report as Markdown: the verdict first (every criterion side by side, what is one-sided),
 * the scorecard as a matrix with its rules as footnotes, then every section with its tables,
 * sources and as-of times, and at the end every gap with the command that fills it. Charts
 * appear as their tables.
 *
 * @example
 * writeFileSync("report.md", renderMarkdown(model));
 */
export function renderMarkdown(m: ReportModel): string {
  const out: string[] = [
    `# ${m.title}`,
    "",
    `Generated ${m.generatedAt} by elscope from the data in its store. Every figure names its source and as-of time; "no data" means the store has none, with the command that would get it.`,
    "",
  ];
  const { table: scores, rules } = scorecardMatrix(m.scorecard, m.distros);
  out.push("## The answer at a glance", "", table(m.verdict.table));
  for (const o of m.verdict.oneSided) out.push(`- ${o}`);
  if (m.verdict.oneSided.length > 0) out.push("");
  out.push("## Enterprise-viability scorecard", "", table(scores), ...rules.map((r) => `- ${r}`), "");
  for (const s of m.sections) {
    out.push(`## ${s.title}`, "");
    for (const t of s.text) out.push(t, "");
    for (const t of s.tables) out.push(table(t));
    for (const c of s.charts) out.push(table(chartTable(c)));
    if (s.noData.length > 0) out.push(gapPointer(s.noData.length), "");
    if (s.provenance.length > 0) {
      out.push(`Sources: ${s.provenance.map((p) => `${p.source} (as of ${p.asOf ?? "unknown"})`).join("; ")}`, "");
    }
  }
  if (m.completions.length > 0)
    out.push("## What would complete this report", "", table(completionsTable(m.completions)));
  return out.join("\n");
}
