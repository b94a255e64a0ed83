import type { ReportChart } from "./report-model.js";

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// Colour-blind-safe palette (Okabe & Ito).
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];

/**
 * A grouped bar chart as inline SVG: no script, no external file, readable
 * offline. Missing values leave a gap marked "n/a" rather than a zero bar.
 *
 * @example
 * svgBarChart({ title: "Lag", unit: "days", labels: ["9.4"], series: [{ name: "rocky", values: [8] }] })
 */
export function svgBarChart(c: ReportChart): string {
  const width = Math.max(360, 60 + c.labels.length * (c.series.length * 16 + 18));
  const height = 220;
  const top = 20;
  const bottom = 170;
  const values = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const y = (v: number): number => top + ((max - v) / (max - min)) * (bottom - top);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(c.title)}">`,
    `<line x1="50" y1="${y(0)}" x2="${width - 10}" y2="${y(0)}" stroke="#444"/>`,
    `<text x="4" y="${top + 4}" font-size="10">${esc(String(max))} ${esc(c.unit)}</text>`,
  ];
  c.labels.forEach((label, i) => {
    const x0 = 55 + i * (c.series.length * 16 + 18);
    c.series.forEach((s, j) => {
      const v = s.values[i] ?? null;
      const x = x0 + j * 16;
      if (v === null) {
        parts.push(`<text x="${x}" y="${y(0) - 3}" font-size="8" fill="#888">n/a</text>`);
        return;
      }
      const h = Math.abs(y(v) - y(0));
      parts.push(
        `<rect x="${x}" y="${Math.min(y(v), y(0))}" width="14" height="${Math.max(h, 0.5)}" fill="${COLOURS[j % COLOURS.length]}"><title>${esc(`${s.name} ${label}: ${v} ${c.unit}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${x0}" y="${bottom + 14}" font-size="10">${esc(label)}</text>`);
  });
  c.series.forEach((s, j) => {
    parts.push(
      `<rect x="${55 + j * 110}" y="${height - 16}" width="10" height="10" fill="${COLOURS[j % COLOURS.length]}"/><text x="${69 + j * 110}" y="${height - 7}" font-size="10">${esc(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}
