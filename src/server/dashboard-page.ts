import { webHref } from "./web-href.js";

// The dashboard: one page, no build step and no external resource; its script reads the JSON API
// and builds the views with DOM methods (textContent only, so no text from the data is ever markup),
// and links only to http(s) addresses (webHref).
const SCRIPT = String.raw`
const $ = (s) => document.querySelector(s);
${webHref.toString()}
// A link or image only to a web address: an href from data that is not http(s) is left out (the text stays).
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    const value = k === "href" || k === "src" ? webHref(String(v), location.href) : v;
    if (value !== null) e.setAttribute(k, value);
  }
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
// Paged endpoints (/api/lag, ...) answer a page of rows and nextCursor; the views that need every row follow it.
async function apiAll(path) {
  const base = path + (path.includes("?") ? "&" : "?") + "limit=10000";
  const first = await api(base);
  const rows = rowsOf(first).slice();
  for (let next = first.nextCursor; next; ) {
    // The first page has the summaries; the others need only their rows (a whole major's summaries are large).
    const page = await api(base + "&envelope=none&cursor=" + encodeURIComponent(next));
    for (const r of rowsOf(page)) rows.push(r);
    next = page.nextCursor;
  }
  return { ...first, rows, nextCursor: null };
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
// The API answers tables as {rows: [...]}; a bare array is taken too, so either shape reads alike.
const rowsOf = (b) => (Array.isArray(b) ? b : b && Array.isArray(b.rows) ? b.rows : []);
// Every time the API gives is UTC (ISO 8601 with Z); the page says so rather than the reader's zone.
const utc = (t) => (t === null || t === undefined ? "unknown" : /T/.test(t) ? String(t).slice(0, 16).replace("T", " ") + " UTC" : String(t));
const numeric = (a, b) => a.localeCompare(b, "en", { numeric: true });
const pct = (x) => (x === null || x === undefined ? "no data" : Math.round(x * 1000) / 10 + "%");
const scroll = (...kids) => el("div", { class: "scroll" }, ...kids);
function field(text, control) { return el("span", { class: "field" }, el("label", { for: control.id }, text), control); }
// The view and its filters live in the query string: back and forward step through them, a reload restores them.
const params = () => new URLSearchParams(location.search);
function setState(changes) {
  const p = params();
  for (const [k, v] of Object.entries(changes)) { if (v === "" || v === null || v === undefined) p.delete(k); else p.set(k, v); }
  const url = location.pathname + (p.toString() ? "?" + p : "");
  if (url !== location.pathname + location.search) history.pushState(null, "", url);
}
// Glob to RegExp: * any run, ? one character, the rest literal; anchored, so kernel* is a prefix search.
const globRe = (g) => new RegExp("^" + g.replace(/[.+^$\x7b\x7d()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
let CTX = null;
/** The upstream (the catalog's default) and what the store has synced: the defaults of every form. */
async function context() {
  if (CTX) return CTX;
  const repos = rowsOf(await api("/api/repos"));
  let upstream = "";
  try { upstream = (await api("/api/release-lag")).upstream || ""; } catch (e) { /* the API's default upstream then */ }
  const rebuilds = [...new Set(repos.map((r) => r.distro).filter((d) => d !== upstream))].sort();
  const releases = [...new Set(repos.filter((r) => r.distro === upstream).map((r) => r.release))].sort(numeric);
  CTX = { repos, upstream, rebuilds, releases };
  return CTX;
}
function form(id, fields, onsubmit) {
  const f = el("form", { id, class: "filters" }, ...fields, el("button", { type: "submit", id: id + "-go" }, "show"));
  f.onsubmit = (e) => { e.preventDefault(); onsubmit(); };
  return f;
}
const quantile = (s, q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
/** Box and strip per group: box from the quartiles, whiskers to min and max, every build a dot (when not too many). */
function boxes(title, groups) {
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  // As wide as the screen allows (a phone sees every box without scrolling), the axis a little past the slowest.
  const w = Math.max(300, Math.min(640, document.documentElement.clientWidth - 40)), left = 110, rowH = 26, h = 30 + groups.length * rowH;
  const x = (v) => left + (v / (max * 1.05)) * (w - left - 20);
  const s = svg("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-label": title, class: "chart" });
  for (const t of [0, max / 2, max]) {
    s.append(svg("line", { x1: x(t), x2: x(t), y1: 4, y2: h - 18, stroke: "#ddd" }));
    const lt = svg("text", { x: x(t) - 8, y: h - 4, "font-size": 10 }); lt.textContent = Math.round(t * 10) / 10 + " d"; s.append(lt);
  }
  groups.forEach((g, i) => {
    const y = 10 + i * rowH, mid = y + rowH / 2 - 4;
    const lt = svg("text", { x: 2, y: mid + 4, "font-size": 11 }); lt.textContent = g.name; s.append(lt);
    if (!g.values.length) { const nd = svg("text", { x: left, y: mid + 4, "font-size": 11, fill: "#a33" }); nd.textContent = "no data"; s.append(nd); return; }
    const v = [...g.values].sort((a, b) => a - b);
    const [q1, med, q3] = [quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75)];
    const box = svg("g", { "data-group": g.name, class: "box" });
    box.append(svg("line", { x1: x(v[0]), x2: x(v[v.length - 1]), y1: mid, y2: mid, stroke: "#444" }));
    box.append(svg("rect", { x: x(q1), y: mid - 7, width: Math.max(1, x(q3) - x(q1)), height: 14, fill: "#cfe3f3", stroke: "#0072B2" }));
    box.append(svg("line", { x1: x(med), x2: x(med), y1: mid - 8, y2: mid + 8, stroke: "#D55E00", "stroke-width": 2 }));
    if (v.length <= 2000) v.forEach((d, k) => box.append(svg("circle", { cx: x(d), cy: mid + ((k * 7) % 11) - 5, r: 1.6, fill: "#0072B2", "fill-opacity": 0.5 })));
    const tt = svg("title", {}); tt.textContent = g.name + ": " + v.length + " builds, median " + med + " d, quartiles " + q1 + "–" + q3 + " d, max " + v[v.length - 1] + " d"; box.append(tt);
    s.append(box);
  });
  return el("figure", {}, el("figcaption", {}, title), scroll(s));
}

const VIEWS = {
  async overview(v) {
    const m = await api("/api/report");
    v.append(el("p", {}, m.title + " — generated " + utc(m.generatedAt)));
    v.append(scroll(table(["distribution", "criterion", "score", "input", "rule"], m.scorecard.map((s) => [s.distro, s.criterion, s.score === null ? "no data" : s.score, s.input, s.rule]), "scorecard")));
    const gaps = m.sections.flatMap((s) => s.noData.map((n) => [s.title, n.what, n.command]));
    if (gaps.length) v.append(el("h3", {}, "No data yet"), scroll(table(["section", "what", "command"], gaps)));
    // The SVG badges of the synced rebuilds, as a README would embed them (grey where there is no data).
    const c = await context();
    const box = el("div", { id: "badges", class: "badges" });
    for (const d of c.rebuilds)
      for (const m of ["package-lag", "errata-lag", "release-lag", "parity", "public-mirrors"]) {
        const src = "/api/badge/" + encodeURIComponent(d) + "/" + m + ".svg";
        box.append(el("a", { href: src }, el("img", { src, alt: d + " " + m, height: "20" })));
      }
    if (c.rebuilds.length) v.append(el("h3", {}, "Badges"), el("p", {}, "Embed: ![](https://<host>/api/badge/<distro>/<metric>.svg), or shields.io's endpoint form without .svg."), box);
  },
  async "package-lag"(v) {
    const c = await context(), p = params();
    const rebuilds = el("input", { id: "pl-rebuilds", value: p.get("rebuild") ?? c.rebuilds.join(","), placeholder: "almalinux,rocky" });
    const release = el("select", { id: "pl-release" }, el("option", { value: "" }, "every release"), ...c.releases.map((r) => el("option", { value: r }, r)));
    release.value = p.get("release") ?? "";
    v.append(form("pl-form", [field("rebuilds", rebuilds), field("upstream release", release)], () => { setState({ rebuild: rebuilds.value, release: release.value }); show("package-lag"); }));
    if (!rebuilds.value) return fail(v, new Error("no rebuild synced: run elscope sync"));
    const q = new URLSearchParams({ rebuild: rebuilds.value, release: release.value });
    // The summaries are kept in the store for the default selections: they come at once; the rows feed the box.
    const sum = await api("/api/lag/summary?" + q);
    const a = await apiAll("/api/lag?" + q);
    const rows = rowsOf(a), ids = a.rebuilds || [];
    const clock = a.upstreamClock ? Object.entries(a.upstreamClock.bySource).filter(([, n]) => n > 0).map(([k, n]) => k + " " + n).join(", ") : "";
    v.append(el("p", { id: "pl-about" }, a.lag + ": from " + a.upstream + "'s build to each rebuild's counterpart, in days. Upstream clock: " + (clock || "none") + ". As of " + Object.entries(a.asOf || {}).map(([d, t]) => d + " " + utc(t)).join(", ") + "."));
    if (a.upstreamClock && a.upstreamClock.note) v.append(el("p", { class: "nodata" }, a.upstreamClock.note));
    const sums = (sum.summaries || []).filter((s) => s.groupBy === "release");
    // The box needs every build's lag; an answer of summaries alone (no rows) gets the table only, no invented box.
    const groups = sums.map((s) => ({ name: s.group + " " + s.rebuild, values: rows.filter((r) => r.rebuild === s.rebuild && r.upstreamRelease === s.group && r.lagDays !== null).map((r) => r.lagDays) }));
    if (rows.length) v.append(boxes("Distribution of package lag per upstream release and rebuild (days; box: quartiles, red: median)", groups));
    else v.append(el("p", {}, "The answer has no rows, so no distribution: the summaries below."));
    v.append(scroll(table(["upstream release", "rebuild", "builds", "shipped", "pending", "oldest pending (days)", "median (days)", "p90 (days)", "max shipped (days)", "within 1 day", "within 7 days", "estimator"], sums.map((s) => [s.group, s.rebuild, s.builds, s.matched, s.pending ?? s.missing, s.pendingMaxDays ?? null, s.medianDays ?? "unknown", s.p90Days ?? "unknown", s.maxDays ?? "unknown", pct(s.within1Day), pct(s.within7Days), s.estimator ?? ""]), "pl-summary")));
    const slow = (sum.summaries || []).filter((s) => s.groupBy === "distro").flatMap((s) => s.slowest.map((x) => {
      const r = rows.find((y) => y.rebuild === s.rebuild && y.upstreamBuild === x.build) || {};
      return [s.rebuild, x.build, r.build, x.lagDays, utc(r.upstreamTime), r.upstreamTimeSource, utc(r.time)];
    }));
    v.append(el("h3", {}, "Slowest builds"), scroll(table(["rebuild", "upstream build", "rebuild's build", "lag (days)", "upstream time", "upstream clock", "rebuild time"], slow, "pl-slowest")));
    if (!ids.length) fail(v, new Error("no rebuild in the answer"));
  },
  async lag(v) {
    const r = await api("/api/release-lag");
    const all = rowsOf(r), p = params();
    const distros = [...new Set(all.map((x) => x.distro))].sort();
    const releases = [...new Set(all.filter((x) => x.lagDays !== null).map((x) => x.release))].sort(numeric);
    const chosen = p.has("distros") ? p.get("distros").split(",") : distros;
    const dSel = el("select", { id: "lag-distro", multiple: "" }, ...distros.map((d) => el("option", chosen.includes(d) ? { value: d, selected: "" } : { value: d }, d)));
    const major = el("select", { id: "lag-major" }, el("option", { value: "" }, "all majors"), ...[...new Set(releases.map((x) => x.split(".")[0]))].map((m) => el("option", { value: m }, m)));
    major.value = p.get("major") ?? "";
    const out = el("div");
    const draw = () => {
      const ds = [...dSel.selectedOptions].map((o) => o.value);
      const rs = releases.filter((x) => major.value === "" || x.split(".")[0] === major.value);
      out.replaceChildren(bars("Initial release lag", "days", rs, ds.map((d) => ({ name: d, values: rs.map((x) => (all.find((y) => y.distro === d && y.release === x) || {}).lagDays ?? null) }))),
        scroll(table(["release", "distribution", r.upstream + " GA", "GA", "lag (days)", "source"], all.filter((x) => ds.includes(x.distro) && rs.includes(x.release)).map((x) => [x.release, x.distro, x.upstreamDate, x.date, x.lagDays, x.source]))));
    };
    const changed = () => { setState({ distros: [...dSel.selectedOptions].map((o) => o.value).join(",") || "none", major: major.value }); draw(); };
    dSel.onchange = changed; major.onchange = changed;
    v.append(el("div", { class: "filters" }, field("distributions", dSel), field("release", major)), out);
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
    const c = await context(), p = params();
    const input = el("input", { id: "pkg-name", value: p.get("package") ?? "", placeholder: "kernel, kernel*, python3.1?" });
    const upstream = el("input", { id: "pkg-upstream", value: p.get("upstream") ?? "", placeholder: c.upstream || "the catalog's", size: 8 });
    const rebuilds = el("input", { id: "pkg-rebuilds", value: p.get("rebuild") ?? c.rebuilds.join(","), placeholder: "almalinux,rocky" });
    const out = el("div", { id: "pkg-out" });
    v.append(el("p", {}, c.repos.length + " synced repositories. A name is one source package; * and ? search by prefix or pattern (kernel*, python3.1?)."),
      form("pkg-form", [field("source package", input), field("upstream", upstream), field("rebuilds", rebuilds)], () => { setState({ package: input.value, upstream: upstream.value, rebuild: rebuilds.value }); show("packages"); }), out);
    if (!input.value) return;
    const glob = /[*?]/.test(input.value);
    try {
      const q = new URLSearchParams({ upstream: upstream.value, rebuild: rebuilds.value, package: glob ? "" : input.value });
      const re = globRe(input.value);
      const rows = rowsOf(await apiAll("/api/lag?" + q)).filter((x) => !glob || re.test(x.package));
      out.append(el("p", {}, rows.length ? rows.length + " rows (one per upstream build and rebuild)" : "no upstream build of " + input.value + " in the store"),
        scroll(table(["package", "upstream build", "release", "upstream time", "upstream clock", "rebuild", "status", "build", "time", "lag (days)"], rows.map((x) => [x.package, x.upstreamBuild, x.upstreamRelease, utc(x.upstreamTime), x.upstreamTimeSource, x.rebuild, x.status, x.build, utc(x.time), x.status === "pending" ? "waiting " + Number(x.waitingDays).toFixed(2) + " so far" : x.lagDays]), "pkg-table")));
    } catch (e) { fail(out, e); }
  },
  async parity(v) {
    const c = await context(), p = params();
    const rebuilds = el("input", { id: "parity-rebuilds", value: p.get("rebuild") ?? c.rebuilds.join(","), placeholder: "almalinux,rocky" });
    const release = el("input", { id: "parity-release", value: p.get("release") ?? c.releases[c.releases.length - 1] ?? "", placeholder: "9.4, or 9 for the rolling tree" });
    v.append(form("parity-form", [field("rebuilds", rebuilds), field("release", release)], () => { setState({ rebuild: rebuilds.value, release: release.value }); show("parity"); }));
    if (!rebuilds.value || !release.value) return fail(v, new Error("no rebuild or release synced: run elscope sync"));
    const r = await api("/api/parity?" + new URLSearchParams({ rebuild: rebuilds.value, release: release.value }));
    v.append(el("p", {}, "Upstream " + r.upstream + " " + r.release + "; as of " + Object.entries(r.asOf || {}).map(([d, t]) => d + " " + utc(t)).join(", ") + "."),
      scroll(table(["repository", "rebuild", "upstream builds", "identical", "modified", "missing", "shipped"], rowsOf(r).map((x) => [x.repo, x.rebuild, x.upstreamBuilds, x.identical, x.modified, x.missing, pct(x.missingShare === null ? null : 1 - x.missingShare)]), "parity-table")));
    const list = (id, title, items) => {
      const shown = items.slice(0, 500);
      return el("details", { id, open: "" }, el("summary", {}, title + " (" + items.length + ")"),
        items.length ? el("ul", {}, ...shown.map((x) => el("li", {}, x)), ...(items.length > shown.length ? [el("li", {}, "… and " + (items.length - shown.length) + " more (the API has all)")] : [])) : el("p", {}, "none"));
    };
    for (const d of r.rebuilds) {
      v.append(el("h3", {}, d),
        list("parity-missing-" + d, "upstream builds " + d + " does not ship", (r.missing || {})[d] || []),
        list("parity-modified-" + d, "modified: upstream → " + d, ((r.modified || {})[d] || []).map((m) => m.upstream + " → " + m.rebuild)),
        list("parity-only-" + d, "only in " + d, (r.rebuildOnly || {})[d] || []));
    }
  },
  async mirrors(v) {
    const s = (await api("/api/mirrors")).distros;
    if (!s.length) return fail(v, new Error("no mirror list: run elscope update"));
    v.append(scroll(table(["distribution", "mirrors", "public", "https", "rsync", "IPv6 yes/no/unknown", "countries", "as of"], s.map((x) => [x.distro, x.mirrors.total, x.mirrors.public, x.protocols.https, x.protocols.rsync, x.ipv6.yes + "/" + x.ipv6.no + "/" + x.ipv6.unknown, x.countries.length, utc(x.asOf)]), "mirror-table")));
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
      const list = rowsOf(await api("/api/mirrors/list?limit=200&distro=" + encodeURIComponent(x.distro)));
      v.append(scroll(table(["mirror", "country", "sponsor", "https", "private"], list.slice(0, 200).map((m) => [m.name, m.country, m.sponsor, m.https, m.private ? "yes" : "no"]))));
    }
  },
  async images(v) {
    const r = rowsOf(await api("/api/images"));
    if (!r.length) return fail(v, new Error("no image data: run elscope images crawl"));
    v.append(scroll(table(["distribution", "channel", "type", "images", "official", "third-party", "releases", "architectures", "as of"], r.map((x) => [x.distro, x.channel, x.type, x.images, x.official, x.thirdParty, x.releases, x.arches, utc(x.asOf)]), "image-matrix")));
  },
  async jobs(v) {
    const a = await api("/api/jobs");
    const r = rowsOf(a);
    const by = (st) => r.filter((x) => x.state === st).length;
    v.append(el("p", { id: "jobs-about" }, r.length + " jobs in the queue: " + ["created", "retry", "active", "failed", "completed"].map((st) => by(st) + " " + st).join(", ") + ". Workers: elscope worker; newest first."));
    v.append(scroll(table(["queue", "key", "state", "created", "started", "completed", "retries", "last error"], [...r].reverse().map((x) => [x.queue, x.key, x.state, utc(x.createdAt), utc(x.startedAt), utc(x.completedAt), x.retryCount + "/" + x.retryLimit, x.lastError ?? ""]), "jobs-table")));
  },
  async facts(v) {
    const r = rowsOf(await api("/api/facts"));
    const t = table(["distribution", "topic", "fact", "checked", "source"], r.map((f) => [f.distro, f.topic, f.value, f.status === "current" ? f.checked : f.status, ""]), "facts");
    [...t.querySelectorAll("tbody tr")].forEach((tr, i) => { const a = el("a", { href: r[i].source, rel: "noreferrer" }, r[i].source); tr.lastChild.append(a); });
    v.append(scroll(t));
  },
  async alerts(v) {
    const a = await api("/api/alerts?state=all");
    const r = rowsOf(a);
    v.append(el("p", { id: "alerts-about" }, a.open + " open; the newest " + r.length + " firings of elscope watch (open and resolved), newest first, as of " + utc(a.asOf.watch) + ". Feed: ", el("a", { href: new URL("/api/alerts.atom", location.href).href }, "/api/alerts.atom")));
    v.append(scroll(table(["state", "rule", "subject", "figure", "measure", "message", "source", "clock", "as of", "fired", "resolved"], r.map((f) => [f.resolvedAt === null ? "open" : "resolved", f.rule, f.subject, f.figure + " " + f.unit, f.measure, f.message, f.source, f.clock, utc(f.asOf), utc(f.firedAt), f.resolvedAt === null ? "" : utc(f.resolvedAt)]), "alerts-table")));
  },
};
/** A line per series over dated labels, events as dashed marks; fewer than two points say so instead. */
function lines(title, unit, labels, series, events) {
  if (labels.length < 2) return el("p", { class: "nodata" }, title + ": " + labels.length + " point of history, too few for a trend line");
  const w = Math.max(360, Math.min(900, 60 + labels.length * 18)), h = 240, top = 20, bottom = 180, left = 50;
  const vals = series.flatMap((s) => s.values.filter((v) => v !== null));
  const max = Math.max(1, ...vals), min = Math.min(0, ...vals);
  const x = (i) => left + (i / (labels.length - 1)) * (w - left - 10);
  const y = (v) => top + ((max - v) / (max - min)) * (bottom - top);
  const s = svg("svg", { viewBox: "0 0 " + w + " " + h, width: w, height: h, role: "img", "aria-label": title, class: "chart" });
  const t = svg("text", { x: 4, y: top + 4, "font-size": 10 }); t.textContent = Math.round(max * 100) / 100 + " " + unit; s.append(t);
  s.append(svg("line", { x1: left, x2: w - 10, y1: y(min), y2: y(min), stroke: "#444" }));
  for (const e of events) {
    const i = labels.indexOf(e.label);
    if (i < 0) continue;
    const g = svg("g", { class: "event", "data-date": e.date });
    g.append(svg("line", { x1: x(i), x2: x(i), y1: top, y2: bottom, stroke: "#555", "stroke-dasharray": "4 3" }));
    const et = svg("text", { x: x(i) + 3, y: top + 10, "font-size": 10 }); et.textContent = e.date; g.append(et);
    const tt = svg("title", {}); tt.textContent = e.date + ": " + e.text; g.append(tt);
    s.append(g);
  }
  series.forEach((se, j) => {
    const pts = se.values.map((v, i) => (v === null ? null : x(i) + "," + y(v))).filter((p) => p !== null);
    s.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: COLOURS[j % COLOURS.length], "stroke-width": 1.5, "data-series": se.name }));
    s.append(svg("rect", { x: left + j * 110, y: h - 16, width: 10, height: 10, fill: COLOURS[j % COLOURS.length] }));
    const lt = svg("text", { x: left + 14 + j * 110, y: h - 7, "font-size": 10 }); lt.textContent = se.name; s.append(lt);
  });
  [0, labels.length - 1].forEach((i) => { const lt = svg("text", { x: x(i) - (i ? 40 : 0), y: bottom + 14, "font-size": 10 }); lt.textContent = labels[i]; s.append(lt); });
  return el("figure", {}, el("figcaption", {}, title + " (" + unit + ")"), scroll(s));
}
/** One trend from the API as a line per subject by month, its events marked. */
async function trendChart(v, metric, title, unit) {
  try {
    const a = await api("/api/trend/" + metric + "?every=month");
    const labels = a.points.map((p) => p.slice(0, 7));
    const subjects = [...new Set(a.rows.map((r) => r.subject))].sort();
    const series = subjects.map((sj) => ({ name: sj, values: labels.map((l) => { const r = a.rows.find((x) => x.subject === sj && x.point.slice(0, 7) === l); return r ? r.value : null; }) }));
    const events = a.events.map((e) => ({ label: e.date.slice(0, 7), date: e.date, text: e.distro + " " + e.topic + ": " + e.label }));
    v.append(lines(title, unit, labels, series, events), el("p", {}, "Each month measured as of its end; sources: " + (a.sources.join("; ") || "none") + "."));
  } catch (e) { fail(v, e); }
}
VIEWS.trends = async (v) => {
  await trendChart(v, "package-lag", "Median package lag per rebuild, month by month", "days");
  await trendChart(v, "public-mirrors", "Mirror network size, month by month", "mirrors");
};
const viewOf = () => { const v = params().get("view") || location.hash.slice(1); return v in VIEWS ? v : "overview"; };
async function show(name) {
  const v = $("#view");
  delete document.body.dataset.ready;
  v.replaceChildren(el("p", {}, "loading…"));
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("on", b.dataset.view === name));
  const box = el("div", { id: "view-" + name });
  try { await VIEWS[name](box); } catch (e) { fail(box, e); }
  v.replaceChildren(box);
  document.body.dataset.ready = name;
}
// A tab starts with its defaults: its filters belong to it and are not carried to the next.
document.querySelectorAll("nav button").forEach((b) => (b.onclick = () => { history.pushState(null, "", location.pathname + "?view=" + b.dataset.view); show(b.dataset.view); }));
window.addEventListener("popstate", () => show(viewOf()));
show(viewOf());
`;

// Narrow screens (390 px): the page never scrolls sideways; wide tables and charts scroll inside their box.
const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#111;overflow-wrap:anywhere}header{background:#223;color:#fff;padding:.6rem 1rem}
nav{padding:.4rem 1rem;border-bottom:1px solid #ccc;display:flex;flex-wrap:wrap;gap:.3rem}nav button{padding:.3rem .7rem;border:1px solid #888;background:#f6f6f6;cursor:pointer}
.scroll{overflow-x:auto;max-width:100%}.scroll table td,.scroll table th{overflow-wrap:normal}figure{margin:.6rem 0;max-width:100%;overflow-x:auto}
.filters{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:end;margin:.4rem 0}.field{display:flex;flex-direction:column;max-width:100%}
.field label{font-size:12px;color:#333}input,select{max-width:100%;box-sizing:border-box}details{margin:.3rem 0}#pl-slowest td,#pkg-table td{white-space:nowrap}.badges{display:flex;flex-wrap:wrap;gap:.3rem}
nav button.on{background:#223;color:#fff}#view{padding:1rem}table{border-collapse:collapse;margin:.6rem 0;font-size:13px}
th,td{border:1px solid #ccc;padding:.2rem .45rem;vertical-align:top}th{background:#f0f0f0}td.num{text-align:right}.nodata{color:#a33}
.map{display:flex;flex-wrap:wrap;gap:.5rem}.continent{border:1px solid #ccc;padding:.3rem;max-width:min(28rem,100%);box-sizing:border-box}.tile{display:inline-block;margin:1px;
padding:1px 2px;background:#0072B2;color:#fff;font-size:10px;text-align:center}input,select{margin:.2rem}`;

/**
 * The dashboard's HTML: overview and scorecard, package lag (its distribution per release and
 * rebuild, the slowest builds), release and errata lag charts with filters, package search by
 * name, prefix or glob, parity with its missing and modified builds, the mirror table and map,
 * the image matrix, facts with sources, the job queue (PostgreSQL stores), and watch alerts. The view and its filters are kept in the URL.
 *
 * @example
 * res.end(dashboardPage());
 */
export function dashboardPage(): string {
  const views: readonly (readonly [string, string])[] = [
    ["overview", "overview"],
    ["package-lag", "package lag"],
    ["lag", "release & errata lag"],
    ["packages", "package search"],
    ["parity", "parity"],
    ["mirrors", "mirrors"],
    ["images", "images"],
    ["facts", "facts"],
    ["trends", "trends"],
    ["jobs", "jobs"],
    ["alerts", "alerts"],
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>elscope dashboard</title><style>${STYLE}</style></head>
<body><header><strong>elscope</strong> — Enterprise Linux distributions, measured from their own data. Every figure has its source and as-of time; times are UTC; the API is at <a style="color:#fff" href="/api/openapi.json">/api/openapi.json</a>.</header>
<nav>${views.map(([id, name]) => `<button data-view="${id}">${name}</button>`).join("")}</nav>
<main id="view"></main>
<script>${SCRIPT}</script></body></html>
`;
}
