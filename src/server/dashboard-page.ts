// The dashboard: one page, no build step and no external resource; its script reads the JSON API
// and builds the views with DOM methods (textContent only, so no text from the data is ever markup).
const SCRIPT = String.raw`
const $ = (s) => document.querySelector(s);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(k === null || k === undefined ? "unknown" : String(k)));
  return e;
};
const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs) => { const e = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); return e; };
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
async function api(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}
function table(headers, rows, id) {
  const t = el("table", id ? { id } : {});
  t.append(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))));
  const b = el("tbody");
  // The API keeps exact days; the page shows hundredths.
  for (const r of rows) b.append(el("tr", {}, ...r.map((c) => el("td", typeof c === "number" ? { class: "num" } : {}, typeof c === "number" && !Number.isInteger(c) ? c.toFixed(2) : c))));
  t.append(b);
  return t;
}
function bars(title, unit, labels, series) {
  const w = Math.max(360, 60 + labels.length * (series.length * 16 + 18)), h = 220, top = 20, bottom = 170;
  const vals = series.flatMap((s) => s.values.filter((v) => v !== null));
  const max = Math.max(1, ...vals), min = Math.min(0, ...vals);
  const y = (v) => top + ((max - v) / (max - min)) * (bottom - top);
  const s = svg("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-label": title });
  s.append(svg("line", { x1: 50, x2: w - 10, y1: y(0), y2: y(0), stroke: "#444" }));
  const t = svg("text", { x: 4, y: top + 4, "font-size": 10 }); t.textContent = max + " " + unit; s.append(t);
  labels.forEach((l, i) => {
    const x0 = 55 + i * (series.length * 16 + 18);
    series.forEach((se, j) => {
      const v = se.values[i];
      if (v === null || v === undefined) return;
      const r = svg("rect", { x: x0 + j * 16, y: Math.min(y(v), y(0)), width: 14, height: Math.max(Math.abs(y(v) - y(0)), 0.5), fill: COLOURS[j % COLOURS.length], "data-series": se.name, "data-label": l });
      const tt = svg("title", {}); tt.textContent = se.name + " " + l + ": " + v + " " + unit; r.append(tt); s.append(r);
    });
    const lt = svg("text", { x: x0, y: bottom + 14, "font-size": 10 }); lt.textContent = l; s.append(lt);
  });
  series.forEach((se, j) => {
    s.append(svg("rect", { x: 55 + j * 110, y: h - 16, width: 10, height: 10, fill: COLOURS[j % COLOURS.length] }));
    const lt = svg("text", { x: 69 + j * 110, y: h - 7, "font-size": 10 }); lt.textContent = se.name; s.append(lt);
  });
  return el("figure", {}, el("figcaption", {}, title + " (" + unit + ")"), s);
}
function fail(view, e) { view.append(el("p", { class: "nodata" }, "no data: " + e.message)); }

const VIEWS = {
  async overview(v) {
    const m = await api("/api/report");
    v.append(el("p", {}, m.title + " — generated " + m.generatedAt));
    v.append(table(["distribution", "criterion", "score", "input", "rule"], m.scorecard.map((s) => [s.distro, s.criterion, s.score === null ? "no data" : s.score, s.input, s.rule]), "scorecard"));
    const gaps = m.sections.flatMap((s) => s.noData.map((n) => [s.title, n.what, n.command]));
    if (gaps.length) v.append(el("h3", {}, "No data yet"), table(["section", "what", "command"], gaps));
  },
  async lag(v) {
    const r = await api("/api/release-lag");
    const distros = [...new Set(r.rows.map((x) => x.distro))].sort();
    const releases = [...new Set(r.rows.filter((x) => x.lagDays !== null).map((x) => x.release))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    const dSel = el("select", { id: "lag-distro", multiple: "" }, ...distros.map((d) => el("option", { value: d, selected: "" }, d)));
    const major = el("select", { id: "lag-major" }, el("option", { value: "" }, "all majors"), ...[...new Set(releases.map((x) => x.split(".")[0]))].map((m) => el("option", { value: m }, m)));
    const out = el("div");
    const draw = () => {
      const ds = [...dSel.selectedOptions].map((o) => o.value);
      const rs = releases.filter((x) => major.value === "" || x.split(".")[0] === major.value);
      out.replaceChildren(bars("Initial release lag", "days", rs, ds.map((d) => ({ name: d, values: rs.map((x) => (r.rows.find((y) => y.distro === d && y.release === x) || {}).lagDays ?? null) }))),
        table(["release", "distribution", r.upstream + " GA", "GA", "lag (days)", "source"], r.rows.filter((x) => ds.includes(x.distro) && rs.includes(x.release)).map((x) => [x.release, x.distro, x.upstreamDate, x.date, x.lagDays, x.source])));
    };
    dSel.onchange = draw; major.onchange = draw;
    v.append(el("label", {}, "distributions ", dSel), el("label", {}, " release ", major), out);
    draw();
    for (const d of distros) {
      try {
        const a = await api("/api/advisories?rebuild=" + encodeURIComponent(d));
        const years = a.summaries.filter((s) => s.lag === "errata lag" && s.groupBy === "year" && s.group !== "unknown");
        v.append(bars(d + ": median errata lag by year", "days", years.map((s) => s.group), [{ name: d, values: years.map((s) => s.medianDays) }]));
      } catch (e) { /* a rebuild without advisories has no chart */ }
    }
  },
  async packages(v) {
    const repos = (await api("/api/repos")).rows;
    const input = el("input", { id: "pkg-name", placeholder: "source package, e.g. kernel" });
    const upstream = el("input", { id: "pkg-upstream", placeholder: "upstream (default: the catalog's)", size: 8 });
    const rebuilds = el("input", { id: "pkg-rebuilds", placeholder: "rebuilds, e.g. almalinux,rocky" });
    const go = el("button", { id: "pkg-go" }, "search");
    const out = el("div", { id: "pkg-out" });
    go.onclick = async () => {
      out.replaceChildren();
      try {
        const q = new URLSearchParams({ upstream: upstream.value, rebuild: rebuilds.value, package: input.value });
        const r = await api("/api/lag?" + q);
        out.append(table(["upstream build", "release", "rebuild", "status", "build", "lag (days)"], r.rows.map((x) => [x.upstreamBuild, x.upstreamRelease, x.rebuild, x.status, x.build, x.status === "pending" ? "waiting " + x.waitingDays.toFixed(2) + " so far" : x.lagDays])));
      } catch (e) { fail(out, e); }
    };
    v.append(el("p", {}, repos.length + " synced repositories"), input, upstream, rebuilds, go, out);
  },
  async parity(v) {
    const rebuilds = el("input", { id: "parity-rebuilds", placeholder: "rebuilds, e.g. almalinux,rocky" });
    const release = el("input", { id: "parity-release", placeholder: "release, e.g. 9" });
    const go = el("button", { id: "parity-go" }, "measure");
    const out = el("div");
    go.onclick = async () => {
      out.replaceChildren();
      try {
        const r = await api("/api/parity?" + new URLSearchParams({ rebuild: rebuilds.value, release: release.value }));
        out.append(table(["repository", "rebuild", "upstream builds", "identical", "modified", "missing"], r.rows.map((x) => [x.repo, x.rebuild, x.upstreamBuilds, x.identical, x.modified, x.missing])));
      } catch (e) { fail(out, e); }
    };
    v.append(rebuilds, release, go, out);
  },
  async mirrors(v) {
    const s = (await api("/api/mirrors")).distros;
    if (!s.length) return fail(v, new Error("no mirror list: run elscope update"));
    v.append(table(["distribution", "mirrors", "public", "https", "rsync", "IPv6 yes/no/unknown", "countries", "as of"], s.map((x) => [x.distro, x.mirrors.total, x.mirrors.public, x.protocols.https, x.protocols.rsync, x.ipv6.yes + "/" + x.ipv6.no + "/" + x.ipv6.unknown, x.countries.length, x.asOf]), "mirror-table"));
    for (const x of s) {
      // The map: one tile per country, grouped by continent, area by mirror count.
      const map = el("div", { class: "map", "data-distro": x.distro });
      for (const c of x.continents) {
        const box = el("div", { class: "continent" }, el("b", {}, c.name + " " + c.mirrors));
        for (const k of x.countries.filter((k) => k.continent === c.continent)) {
          const tile = el("span", { class: "tile", title: k.country + ": " + k.mirrors, style: "width:" + (14 + 4 * Math.sqrt(k.mirrors)) + "px" }, k.country);
          tile.dataset.continent = c.continent;
          box.append(tile);
        }
        map.append(box);
      }
      v.append(el("h3", {}, x.distro + " mirrors by country"), map);
      const list = (await api("/api/mirrors/list?distro=" + encodeURIComponent(x.distro))).rows;
      v.append(table(["mirror", "country", "sponsor", "https", "private"], list.slice(0, 200).map((m) => [m.name, m.country, m.sponsor, m.https, m.private ? "yes" : "no"])));
    }
  },
  async images(v) {
    const r = (await api("/api/images")).rows;
    if (!r.length) return fail(v, new Error("no image data: run elscope images crawl"));
    v.append(table(["distribution", "channel", "type", "images", "official", "third-party", "releases", "architectures", "as of"], r.map((x) => [x.distro, x.channel, x.type, x.images, x.official, x.thirdParty, x.releases, x.arches, x.asOf]), "image-matrix"));
  },
  async facts(v) {
    const r = (await api("/api/facts")).rows;
    const t = table(["distribution", "topic", "fact", "checked", "source"], r.map((f) => [f.distro, f.topic, f.value, f.status === "current" ? f.checked : f.status, ""]), "facts");
    [...t.querySelectorAll("tbody tr")].forEach((tr, i) => { const a = el("a", { href: r[i].source, rel: "noreferrer" }, r[i].source); tr.lastChild.append(a); });
    v.append(t);
  },
};
async function show(name) {
  const v = $("#view");
  v.replaceChildren(el("p", {}, "loading…"));
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("on", b.dataset.view === name));
  const box = el("div", { id: "view-" + name });
  try { await VIEWS[name](box); } catch (e) { fail(box, e); }
  v.replaceChildren(box);
  document.body.dataset.ready = name;
}
document.querySelectorAll("nav button").forEach((b) => (b.onclick = () => show(b.dataset.view)));
show(location.hash.slice(1) in VIEWS ? location.hash.slice(1) : "overview");
`;

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#111}header{background:#223;color:#fff;padding:.6rem 1rem}
nav{padding:.4rem 1rem;border-bottom:1px solid #ccc}nav button{margin-right:.3rem;padding:.3rem .7rem;border:1px solid #888;background:#f6f6f6;cursor:pointer}
nav button.on{background:#223;color:#fff}#view{padding:1rem}table{border-collapse:collapse;margin:.6rem 0;font-size:13px}
th,td{border:1px solid #ccc;padding:.2rem .45rem;vertical-align:top}th{background:#f0f0f0}td.num{text-align:right}.nodata{color:#a33}
.map{display:flex;flex-wrap:wrap;gap:.5rem}.continent{border:1px solid #ccc;padding:.3rem;max-width:28rem}.tile{display:inline-block;margin:1px;
padding:1px 2px;background:#0072B2;color:#fff;font-size:10px;text-align:center}input,select{margin:.2rem}`;

/**
 * The dashboard's HTML: overview and scorecard, lag charts with release and
 * distribution filters, package search with per-distribution lag, parity,
 * the mirror table and map, the image matrix and facts with sources.
 *
 * @example
 * res.end(dashboardPage());
 */
export function dashboardPage(): string {
  const views = ["overview", "lag", "packages", "parity", "mirrors", "images", "facts"];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>elscope dashboard</title><style>${STYLE}</style></head>
<body><header><strong>elscope</strong> — Enterprise Linux distributions, measured from their own data. Every figure has its source and as-of time; the API is at <a style="color:#fff" href="/api/openapi.json">/api/openapi.json</a>.</header>
<nav>${views.map((v) => `<button data-view="${v}">${v}</button>`).join("")}</nav>
<main id="view"></main>
<script>${SCRIPT}</script></body></html>
`;
}
