import type { ReportModel, ReportTable } from "./report-model.js";
import { svgBarChart } from "./svg-bar-chart.js";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const cell = (v: string | number | null): string =>
  v === null
    ? '<span class="unknown">unknown</span>'
    : esc(typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2)) : v);

function table(t: ReportTable): string {
  if (t.rows.length === 0) return `<p><em>${esc(t.title)}: no rows.</em></p>`;
  return `<table><caption>${esc(t.title)}</caption><thead><tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${t.rows
    .map(
      (r) => `<tr>${r.map((v) => `<td${typeof v === "number" ? ' class="num"' : ""}>${cell(v)}</td>`).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:.8rem 0 1.4rem;font-size:13px}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}
.unknown,.nodata{color:#a33}.sources{color:#555;font-size:12px}nav a{margin-right:.8rem}svg{display:block;margin:.5rem 0 1rem}
.score{font-weight:700;text-align:center}`;

/**
 * The report as one self-contained HTML file: styles inline, charts as inline
 * SVG, no script and no external resource, so it opens offline and can be mailed.
 *
 * @example
 * writeFileSync("report.html", renderHtml(model));
 */
export function renderHtml(m: ReportModel): string {
  const body: string[] = [
    `<h1>${esc(m.title)}</h1>`,
    `<p>Generated ${esc(m.generatedAt)} by elscope from the data in its store. Every figure names its source and as-of time; <span class="nodata">no data</span> means the store has none, with the command that would get it.</p>`,
    `<nav>${[...m.sections.map((s) => [s.id, s.title]), ["scorecard", "Scorecard"]].map(([id, t]) => `<a href="#${esc(id ?? "")}">${esc(t ?? "")}</a>`).join("")}</nav>`,
  ];
  for (const s of m.sections) {
    body.push(`<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>`);
    for (const t of s.text) body.push(`<p>${esc(t)}</p>`);
    for (const c of s.charts)
      body.push(`<figure><figcaption>${esc(`${c.title} (${c.unit})`)}</figcaption>${svgBarChart(c)}</figure>`);
    for (const t of s.tables) body.push(table(t));
    if (s.noData.length > 0)
      body.push(
        `<ul>${s.noData.map((n) => `<li><span class="nodata">no data</span>: ${esc(n.what)} — <code>${esc(n.command)}</code></li>`).join("")}</ul>`,
      );
    if (s.provenance.length > 0)
      body.push(
        `<p class="sources">Sources: ${s.provenance.map((p) => esc(`${p.source} (as of ${p.asOf ?? "unknown"})`)).join("; ")}</p>`,
      );
    body.push("</section>");
  }
  body.push(`<section id="scorecard"><h2>Enterprise-viability scorecard</h2>`);
  body.push(
    `<table><caption>Scores (1–5; no data is not a score)</caption><thead><tr><th>distribution</th><th>criterion</th><th>score</th><th>input</th><th>rule</th><th>source</th></tr></thead><tbody>${m.scorecard
      .map(
        (s) =>
          `<tr><td>${esc(s.distro)}</td><td>${esc(s.criterion)}</td><td class="score">${s.score === null ? '<span class="nodata">no data</span>' : s.score}</td><td>${esc(s.input)}</td><td>${esc(s.rule)}</td><td class="sources">${s.provenance === null ? "" : esc(`${s.provenance.source} (as of ${s.provenance.asOf ?? "unknown"})`)}</td></tr>`,
      )
      .join("")}</tbody></table></section>`,
  );
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(m.title)}</title><style>${STYLE}</style></head><body>${body.join("\n")}</body></html>\n`;
}
