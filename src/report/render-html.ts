import { completionsTable } from "./completions-table.js";
import type { ReportChart, ReportModel, ReportTable } from "./report-model.js";
import { scorecardMatrix } from "./scorecard-matrix.js";
import { echartsSvg } from "./echarts-svg.js";
import { mirrorMapSvg } from "./mirror-map-svg.js";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const cell = (v: string | number | null): string =>
  v === null
    ? '<span class="unknown">unknown</span>'
    : v === "no data"
      ? '<span class="nodata">no data</span>'
      : esc(typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2)) : v);

function table(t: ReportTable, id = ""): string {
  if (t.rows.length === 0) return `<p><em>${esc(t.title)}: no rows.</em></p>`;
  return `<table${id === "" ? "" : ` id="${esc(id)}"`}><caption>${esc(t.title)}</caption><thead><tr>${t.headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${t.rows
    .map(
      (r) => `<tr>${r.map((v) => `<td${typeof v === "number" ? ' class="num"' : ""}>${cell(v)}</td>`).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}

/** A chart as its figures: bars, boxes and time series by ECharts, a map per series by d3-geo. */
function figures(c: ReportChart, id: string): string {
  const caption = (what: string) => `<figcaption>${esc(what)}</figcaption>`;
  if (c.kind === "map")
    return c.series
      .map((x, i) => `<figure>${caption(`${c.title}: ${x.name} (${c.unit})`)}${mirrorMapSvg(c, i)}</figure>`)
      .join("");
  const how =
    c.kind === "box"
      ? `; boxes: first to third quartile with the median, whiskers ${c.series.length === 1 ? "to the furthest value within 1.5 × the box, dots beyond" : "to the smallest and largest value"}`
      : "";
  return `<figure>${caption(`${c.title} (${c.unit}${how})`)}${echartsSvg(c, id)}</figure>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:.8rem 0 1.4rem;font-size:13px;display:block;max-width:100%;overflow-x:auto}td{overflow-wrap:break-word}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}
.unknown,.nodata{color:#a33}#glance td{min-width:8rem}#glance .sources{overflow-wrap:anywhere}.sources{color:#555;font-size:12px}nav a{margin-right:.8rem}svg{display:block;margin:.5rem 0 1rem;max-width:100%;height:auto}figure{margin:0}
#scores td{font-weight:700;text-align:center}.onesided li{color:#7a4a00}`;

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
    `<p>Generated ${esc(m.generatedAt)} by elscope from the data in its store${m.requestedAsOf === undefined ? "" : `, as of ${esc(m.requestedAsOf)} (--as-of)`}. Every figure names its source and as-of time; <span class="nodata">no data</span> means the store has none, with the command that would get it.</p>`,
    `<nav>${[["verdict", "At a glance"], ["scorecard", "Scorecard"], ...m.sections.map((s) => [s.id, s.title]), ["complete", "What would complete this report"]].map(([id, t]) => `<a href="#${esc(id ?? "")}">${esc(t ?? "")}</a>`).join("")}</nav>`,
  ];
  const { table: scores, rules } = scorecardMatrix(m.scorecard, m.distros);
  // The verdict's cells are "value — source (as of ...)": the source beneath, small, as in every section.
  const verdict = table(m.verdict.table, "glance").replace(
    /<td>([^<]*?) — ([^<]*)<\/td>/g,
    '<td>$1<br><span class="sources">$2</span></td>',
  );
  body.push(`<section id="verdict"><h2>The answer at a glance</h2>${verdict}`);
  if (m.verdict.oneSided.length > 0)
    body.push(
      `<ul class="onesided">${m.verdict.oneSided.map((o) => `<li>${esc(o).replace(/`([^`]+)`/g, "<code>$1</code>")}</li>`).join("")}</ul>`,
    );
  body.push(
    `</section><section id="scorecard"><h2>Enterprise-viability scorecard</h2>${table(scores, "scores")}<ol class="rules">${rules.map((r) => `<li>${esc(r.replace(/^\[\d+\] /, ""))}</li>`).join("")}</ol></section>`,
  );
  for (const s of m.sections) {
    body.push(`<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>`);
    for (const t of s.text) body.push(`<p>${esc(t)}</p>`);
    s.charts.forEach((c, i) => body.push(figures(c, `${s.id}-${i}`)));
    for (const t of s.tables) body.push(table(t));
    if (s.noData.length > 0)
      body.push(
        `<p><span class="nodata">no data</span>: ${s.noData.length} ${s.noData.length === 1 ? "gap" : "gaps"} here, ${esc(s.noData.map((n) => n.what).join("; "))}: <a href="#complete">what would complete this report</a>.</p>`,
      );
    if (s.provenance.length > 0)
      body.push(
        `<p class="sources">Sources: ${s.provenance.map((p) => esc(`${p.source} (as of ${p.asOf ?? "unknown"})`)).join("; ")}</p>`,
      );
    body.push("</section>");
  }
  if (m.completions.length > 0)
    body.push(
      `<section id="complete"><h2>What would complete this report</h2>${table(completionsTable(m.completions))}</section>`,
    );
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(m.title)}</title><style>${STYLE}</style></head><body>${body.join("\n")}</body></html>\n`;
}
