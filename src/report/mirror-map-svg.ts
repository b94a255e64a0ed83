import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoEqualEarth, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { isoNumeric } from "./iso-numeric.js";
import type { MapChart } from "./report-model.js";

const WIDTH = 960;
const HEIGHT = 440;
// Sequential blues (ColorBrewer Blues, 5 classes) by the number of mirrors; grey for none.
const STEPS: readonly { readonly from: number; readonly colour: string }[] = [
  { from: 51, colour: "#08519c" },
  { from: 21, colour: "#3182bd" },
  { from: 6, colour: "#6baed6" },
  { from: 2, colour: "#bdd7e7" },
  { from: 1, colour: "#eff3ff" },
];
const NONE = "#e6e6e6";

type Country = Feature<Geometry, { readonly name: string }>;
let countries: readonly (Country & { readonly d: string })[] | null = null;

/** The world's countries (Natural Earth 1:110m via world-atlas, Antarctica left out), drawn once per process. */
function world(): readonly (Country & { readonly d: string })[] {
  if (countries !== null) return countries;
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
  const topo = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = (feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>).features.filter(
    (f) => f.id !== "010",
  );
  const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features: all });
  const path = geoPath(projection).digits(1);
  countries = all.map((f) => ({ ...f, d: path(f) ?? "" }));
  return countries;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A world map of one series' values per country as inline SVG, drawn offline from world-atlas'
 * TopoJSON with d3-geo (Equal Earth projection), a legend of its classes beneath, and a line
 * naming the countries too small to draw at this scale. No script; it scales to its container.
 *
 * @example
 * mirrorMapSvg({ kind: "map", title: "Mirrors", unit: "mirrors", series: [{ name: "almalinux", countries: [{ code: "DE", value: 40 }] }] }, 0)
 */
export function mirrorMapSvg(c: MapChart, index: number): string {
  const series = c.series[index];
  if (series === undefined) return "";
  const value = new Map<string, number>();
  for (const k of series.countries) {
    const id = isoNumeric(k.code);
    if (id !== null) value.set(id, (value.get(id) ?? 0) + k.value);
  }
  const shapes = world();
  const drawn = new Set(shapes.map((f) => String(f.id)));
  const notDrawn = series.countries
    .filter((k) => !drawn.has(isoNumeric(k.code) ?? ""))
    .map((k) => `${k.code} ${k.value}`);
  const fill = (v: number | undefined): string =>
    v === undefined ? NONE : (STEPS.find((s) => v >= s.from)?.colour ?? NONE);
  const legendY = HEIGHT + 18;
  const legend = [...STEPS]
    .reverse()
    .map((s, i, a) => {
      const next = a[i + 1];
      const label =
        next === undefined ? `${s.from}+` : next.from - 1 === s.from ? `${s.from}` : `${s.from}–${next.from - 1}`;
      return `<rect x="${i * 130}" y="${legendY}" width="14" height="14" fill="${s.colour}" stroke="#999" stroke-width="0.5"/><text x="${i * 130 + 18}" y="${legendY + 11}" font-size="12">${label} ${esc(c.unit)}</text>`;
    })
    .join("");
  const note =
    notDrawn.length === 0
      ? ""
      : `<text x="0" y="${legendY + 34}" font-size="12">too small to draw at this scale: ${esc(notDrawn.join(", "))}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT + 60}" width="100%" role="img" aria-label="${esc(`${c.title}: ${series.name}`)}">`,
    `<g stroke="#fff" stroke-width="0.4">`,
    ...shapes.map((f) => {
      const v = value.get(String(f.id));
      return `<path d="${f.d}" fill="${fill(v)}"><title>${esc(`${f.properties.name}: ${v ?? 0} ${c.unit}`)}</title></path>`;
    }),
    "</g>",
    legend,
    note,
    "</svg>",
  ].join("");
}
