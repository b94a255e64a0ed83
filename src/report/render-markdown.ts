import type { ReportModel, ReportTable } from "./report-model.js";

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
 * The report as Markdown: every section with its tables, its sources and
 * as-of times, "no data" with the command that gets it, and the scorecard
 * with the rule behind each score. Charts appear as their tables.
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
  for (const s of m.sections) {
    out.push(`## ${s.title}`, "");
    for (const t of s.text) out.push(t, "");
    for (const t of s.tables) out.push(table(t));
    for (const c of s.charts) {
      out.push(
        table({
          title: `${c.title} (${c.unit})`,
          headers: ["", ...c.labels],
          rows: c.series.map((x) => [x.name, ...x.values]),
        }),
      );
    }
    for (const n of s.noData) out.push(`- **no data**: ${n.what} — \`${n.command}\``);
    if (s.noData.length > 0) out.push("");
    if (s.provenance.length > 0) {
      out.push(`Sources: ${s.provenance.map((p) => `${p.source} (as of ${p.asOf ?? "unknown"})`).join("; ")}`, "");
    }
  }
  out.push("## Enterprise-viability scorecard", "");
  out.push(
    table({
      title: "Scores (1–5; no data is not a score)",
      headers: ["distribution", "criterion", "score", "input", "source"],
      rows: m.scorecard.map((s) => [
        s.distro,
        s.criterion,
        s.score === null ? "no data" : s.score,
        s.input,
        s.provenance === null ? "" : `${s.provenance.source} (as of ${s.provenance.asOf ?? "unknown"})`,
      ]),
    }),
  );
  out.push("Rules:", "");
  for (const r of [...new Map(m.scorecard.map((s) => [s.criterion, s.rule]))]) out.push(`- **${r[0]}**: ${r[1]}`);
  out.push("");
  return out.join("\n");
}
