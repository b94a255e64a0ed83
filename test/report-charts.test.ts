import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { boxStats } from "../src/report/box-stats.js";
import { echartsSvg } from "../src/report/echarts-svg.js";
import { isoNumeric } from "../src/report/iso-numeric.js";
import { mirrorMapSvg } from "../src/report/mirror-map-svg.js";
import type { BoxChart, MapChart } from "../src/report/report-model.js";

test("boxStats: quartiles between ranks, whiskers within 1.5 × the box, the rest as outliers", () => {
  assert.deepEqual(boxStats([4, 1, 3, 2, 100]), {
    low: 1,
    q1: 2,
    median: 3,
    q3: 4,
    high: 4,
    outliers: [100],
    min: 1,
    max: 100,
    n: 5,
  });
  assert.deepEqual(boxStats([1, 2, 3, 4]), {
    low: 1,
    q1: 1.75,
    median: 2.5,
    q3: 3.25,
    high: 4,
    outliers: [],
    min: 1,
    max: 4,
    n: 4,
  });
  assert.equal(boxStats([]), null);
});

test("every country world-atlas draws has its ISO numeric code in the alpha-2 table", () => {
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-110m.json");
  const topo = JSON.parse(readFileSync(file, "utf8")) as { objects: { countries: { geometries: { id?: string }[] } } };
  const ids = topo.objects.countries.geometries.flatMap((g) => (g.id === undefined ? [] : [g.id]));
  const PAIRS = "DE276 US840 GB826 IT380 BR076 AF004 JP392 ZA710".split(" ");
  for (const p of PAIRS) assert.equal(isoNumeric(p.slice(0, 2)), p.slice(2), p);
  assert.equal(isoNumeric("UK"), null, "not an ISO code: a gap, not a guess");
  // The inverse: a drawn country with no alpha-2 code could never be coloured.
  const known = new Set<string>();
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const n = isoNumeric(String.fromCharCode(a, b));
      if (n !== null) known.add(n);
    }
  assert.deepEqual(
    ids.filter((id) => !known.has(id)),
    [],
  );
});

test("a box chart and a map render the same bytes twice, with no script and nothing fetched", () => {
  const box: BoxChart = {
    kind: "box",
    title: "Release lag",
    unit: "days",
    axis: "major",
    labels: ["8", "9"],
    series: [
      {
        name: "almalinux",
        samples: [
          [1, 2, 3, 8],
          [0, 6, 9],
        ],
      },
      { name: "rocky", samples: [[2, 5, 9], []] },
    ],
  };
  const map: MapChart = {
    kind: "map",
    title: "Mirrors",
    unit: "mirrors",
    series: [
      {
        name: "almalinux",
        countries: [
          { code: "DE", value: 40 },
          { code: "SG", value: 7 },
        ],
      },
    ],
  };
  const a = echartsSvg(box, "t-0");
  assert.equal(echartsSvg(box, "t-0"), a);
  assert.equal(mirrorMapSvg(map, 0), mirrorMapSvg(map, 0));
  for (const svg of [a, mirrorMapSvg(map, 0)]) {
    assert.doesNotMatch(svg, /<script|<link |src="https?:|url\(|zr\d+-/i);
    assert.match(svg, /^<svg [^>]*width="100%"/);
  }
  assert.match(a, />days<\/text>/, "the value axis names its unit");
  assert.match(a, />major<\/text>/);
  assert.match(a, />rocky<\/text>/, "a legend");
  const m = mirrorMapSvg(map, 0);
  assert.match(m, /fill="#3182bd"><title>Germany: 40 mirrors<\/title>/, "40 mirrors is the 21–50 class");
  assert.match(m, /too small to draw at this scale: SG 7/);
});
