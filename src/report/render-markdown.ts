import { chartTable } from "./chart-table.js";
import { completionsTable, gapPointer } from "./completions-table.js";
import type { ReportModel, ReportTable } from "./report-model.js";
import { scorecardMatrix } from "./scorecard-matrix.js";

/** What must not reach Markdown as it is: HTML's specials as entities, link brackets (and in a table cell, its pipes) escaped. */
function literal(c: string, inCell: boolean): string {
  switch (c) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    case "[":
    case "]":
      return `\\${c}`;
    case "|":
      return inCell ? "\\|" : c;
    default:
      return c;
  }
}

/**
 * Text from data made literal for Markdown, so a `<script>`, an `<img onerror>` or a
 * `[link](javascript:...)` in a package name, a fact or a source is shown, never run or linked:
 * CommonMark passes raw HTML through (§6.6, §4.6) and makes links of brackets (§6.3). Code spans
 * are kept as they are (their content is literal, §6.1, and the report's own commands are in
 * them); a table cell's pipes are escaped even there (GFM §4.10). One line: a line break could
 * start a block that ends a code span early.
 * See https://spec.commonmark.org/0.31.2/ and https://github.github.com/gfm/#tables-extension-
 */
function mdText(text: string, inCell = false): string {
  const s = text.replace(/\r?\n|\r/g, " ");
  let out = "";
  for (let i = 0; i < s.length;) {
    const c = s.charAt(i);
    const next = s.charAt(i + 1);
    // A backslash escape (§2.4) stays one, or becomes the escaped character's own literal form.
    if (c === "\\" && /^[!-/:-@[-`{-~]$/.test(next)) {
      const lit = literal(next, inCell);
      out += lit === next ? c + next : lit;
      i += 2;
    } else if (c === "`") {
      const run = /^`+/.exec(s.slice(i))?.[0] ?? c;
      // A code span ends at the next run of as many backticks; without one, the backticks are text.
      const close = new RegExp(`(?<!\`)\`{${run.length}}(?!\`)`, "g");
      close.lastIndex = i + run.length;
      const end = close.exec(s)?.index;
      const span = end === undefined ? run : s.slice(i, end + run.length);
      out += inCell ? span.replace(/\|/g, "\\|") : span;
      i += span.length;
    } else {
      out += literal(c, inCell);
      i += 1;
    }
  }
  return out;
}

const cell = (v: string | number | null): string =>
  mdText(
    v === null
      ? "unknown"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? v.toLocaleString("en-US")
          : v.toFixed(2)
        : v,
    true,
  );

function table(t: ReportTable): string {
  if (t.rows.length === 0) return `*${mdText(t.title)}: no rows.*\n`;
  return [
    `**${mdText(t.title)}**`,
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
    `# ${mdText(m.title)}`,
    "",
    `Generated ${m.generatedAt} by elscope from the data in its store${m.requestedAsOf === undefined ? "" : `, as of ${m.requestedAsOf} (--as-of)`}. Every figure names its source and as-of time; "no data" means the store has none, with the command that would get it.`,
    "",
  ];
  const { table: scores, rules } = scorecardMatrix(m.scorecard, m.distros);
  out.push("## The answer at a glance", "", table(m.verdict.table));
  for (const o of m.verdict.oneSided) out.push(`- ${mdText(o)}`);
  if (m.verdict.oneSided.length > 0) out.push("");
  out.push("## Enterprise-viability scorecard", "", table(scores), ...rules.map((r) => `- ${mdText(r)}`), "");
  for (const s of m.sections) {
    out.push(`## ${mdText(s.title)}`, "");
    for (const t of s.text) out.push(mdText(t), "");
    for (const t of s.tables) out.push(table(t));
    for (const c of s.charts) out.push(table(chartTable(c)));
    if (s.noData.length > 0) out.push(gapPointer(s.noData.length), "");
    if (s.provenance.length > 0) {
      out.push(
        `Sources: ${mdText(s.provenance.map((p) => `${p.source} (as of ${p.asOf ?? "unknown"})`).join("; "))}`,
        "",
      );
    }
  }
  if (m.completions.length > 0)
    out.push("## What would complete this report", "", table(completionsTable(m.completions)));
  return out.join("\n");
}
