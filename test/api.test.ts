// The HTTP API in process: createApp() is a function from Request to Response, called through
// app.request() on a real store (built through the CLI, opened here), with no server process.
import assert from "node:assert/strict";
import vm from "node:vm";
import { after, before, describe, test } from "node:test";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { loadCatalog } from "../src/catalog/load-catalog.js";
import { loadFacts } from "../src/catalog/load-facts.js";
import { ConfigError } from "../src/errors/config-error.js";
import { ParseError } from "../src/errors/parse-error.js";
import { SourceError } from "../src/errors/source-error.js";
import { UsageError } from "../src/errors/usage-error.js";
import { gunzipSync } from "node:zlib";
import { createApp } from "../src/server/create-app.js";
import { webHref } from "../src/server/web-href.js";
import type { AppOptions } from "../src/server/app-options.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import { openStore } from "../src/store/open-store.js";
import type { Store } from "../src/store/store.js";
import type { AdvisoryLagRow } from "../src/analyze/advisory-lag.js";
import { csvCells } from "../src/format/csv-cells.js";
import { advisoryCsvRow } from "../src/queries/advisory-csv-row.js";
import { renderCsv } from "../src/format/render-csv.js";
import { runCli, runCliJson } from "./helpers/run-cli.js";
import { buildServeStore } from "./helpers/serve-store.js";
import { tempDir } from "./helpers/temp-dir.js";
import { freshPgDatabase } from "./helpers/pg-cluster.js";

const catalog = loadCatalog();
const facts = loadFacts(catalog);
const TOKEN = "s3cret-token";

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly headers: Headers;
  readonly body: string;
}

async function call(app: OpenAPIHono, path: string, init?: RequestInit): Promise<Answer> {
  const r = await app.request(path, init);
  return { status: r.status, type: r.headers.get("content-type") ?? "", headers: r.headers, body: await r.text() };
}

const json = <T>(a: Answer): T => JSON.parse(a.body) as T;

function appOn(store: Store, more: Partial<AppOptions> = {}): OpenAPIHono {
  return createApp({ store, catalog, facts, token: TOKEN, update: () => Promise.resolve({ failed: 0 }), ...more });
}

/** `store` with one method replaced: a store that fails in a chosen way, or counts its reads. */
function storeWith<K extends keyof Store>(store: Store, name: K, replacement: Store[K]): Store {
  return new Proxy(store, {
    get: (target, key) => {
      if (key === name) return replacement;
      const v = Reflect.get(target, key, target) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

let dir: { path: string; remove: () => Promise<void> };
let db = "";
let store: Store;
let app: OpenAPIHono;

before(async () => {
  dir = await tempDir();
  db = await buildServeStore(dir.path);
  store = await openSqliteStore(db);
  app = appOn(store);
});
after(async () => {
  await store.close();
  await dir.remove();
});

// One request per endpoint, with parameters that find data in the test store.
const SAMPLES: Readonly<Record<string, string>> = {
  "/api/report": "?rebuild=almalinux",
  "/api/release-lag": "",
  "/api/advisories": "?rebuild=almalinux",
  "/api/lag": "?rebuild=almalinux&package=bash",
  "/api/lag/summary": "?rebuild=almalinux&package=bash",
  "/api/parity": "?rebuild=almalinux&release=9.4",
  "/api/mirrors": "",
  "/api/mirrors/list": "?distro=almalinux",
  "/api/images": "",
  "/api/popularity": "",
  "/api/facts": "?distro=almalinux",
  "/api/repos": "",
  "/api/packages": "?repo=almalinux:9.4/BaseOS/x86_64",
  "/api/provenance": "?distro=almalinux",
  "/api/jobs": "",
  "/api/alerts": "?state=all&recent=10",
  "/api/alerts.atom": "?state=open",
  "/api/trend/{metric}": "/api/trend/public-mirrors",
  "/api/badge/{distro}/{metric}": "/api/badge/almalinux/public-mirrors",
  "/api/badge/{distro}/{metric}.svg": "/api/badge/almalinux/public-mirrors.svg",
};

interface OpenApiDoc {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
}

describe("every endpoint", () => {
  test("the OpenAPI 3.1 document is generated from the routes and lists each endpoint once", async () => {
    const a = await call(app, "/api/openapi.json");
    assert.equal(a.status, 200);
    const doc = json<OpenApiDoc>(a);
    assert.equal(doc.openapi, "3.1.0");
    assert.deepEqual(
      Object.keys(doc.paths).sort(),
      [...Object.keys(SAMPLES), "/api/update", "/api/migrate-check"].sort(),
    );
    assert.deepEqual(Object.keys(doc.paths["/api/update"] ?? {}), ["post"]);
    assert.deepEqual(Object.keys(doc.paths["/api/migrate-check"] ?? {}), ["post"]);
    const lag = doc.paths["/api/lag"]?.["get"] as unknown as { parameters: { name: string; required: boolean }[] };
    assert.deepEqual(
      lag.parameters.filter((p) => p.required).map((p) => p.name),
      ["rebuild"],
      "rebuild is required; its older spellings are not",
    );
  });

  test("each GET endpoint of the document answers JSON, and CSV where it is a table, with the security headers", async () => {
    const doc = json<OpenApiDoc>(await call(app, "/api/openapi.json"));
    for (const [path, methods] of Object.entries(doc.paths)) {
      const get = methods["get"];
      if (get === undefined) continue;
      const sample = SAMPLES[path];
      assert.ok(sample !== undefined, `a sample request for ${path}`);
      const url = sample.startsWith("/") ? sample : path + sample;
      const a = await call(app, url);
      assert.equal(a.status, 200, `${url}: ${a.body}`);
      assert.match(a.headers.get("content-security-policy") ?? "", /^default-src 'self'/);
      if (get.responses["200"]?.content?.["image/svg+xml"] !== undefined) {
        assert.equal(a.type, "image/svg+xml; charset=utf-8", `${url} is an SVG badge`);
        continue;
      }
      if (get.responses["200"]?.content?.["application/atom+xml"] !== undefined) {
        assert.equal(a.type, "application/atom+xml; charset=utf-8", `${url} is an Atom feed`);
        continue;
      }
      assert.equal(a.type, "application/json; charset=utf-8");
      assert.equal(typeof json<unknown>(a), "object");
      assert.equal(a.headers.get("cache-control"), "no-store");
      assert.equal(a.headers.get("x-content-type-options"), "nosniff");
      assert.match(a.headers.get("content-security-policy") ?? "", /^default-src 'self'/);
      const table = get.responses["200"]?.content?.["text/csv"] !== undefined;
      const csv = await call(app, `${url}${url.includes("?") ? "&" : "?"}format=csv`);
      if (table) {
        assert.equal(csv.status, 200, `${url} as CSV: ${csv.body}`);
        assert.equal(csv.type, "text/csv; charset=utf-8");
      } else {
        assert.equal(csv.status, 400, `${url} has no CSV form`);
      }
    }
  });

  test("the measurements: lag, its CSV, parity, the report, badges", async () => {
    const lag = json<{ rows: { rebuild: string; lagDays: number }[] }>(
      await call(app, "/api/lag?rebuild=almalinux&package=bash"),
    );
    assert.deepEqual(
      lag.rows.map((r) => [r.rebuild, r.lagDays]),
      [["almalinux", 2]],
    );
    // An older spelling answers alike.
    assert.deepEqual(json<unknown>(await call(app, "/api/lag?rebuilds=almalinux&package=bash")), lag);
    const csv = await call(app, "/api/lag?rebuild=almalinux&package=bash&format=csv");
    assert.match(
      csv.body,
      /^package,upstreamBuild,upstreamEvr,upstreamRelease,upstreamRepo,upstreamTime,upstreamTimeSource,rebuild,status,build,time,lagDays,waitingDays,timeSource\r\nbash,bash-5\.1\.8-9\.el9,5\.1\.8-9\.el9,9\.4,/,
    );
    const parity = json<{ rows: { repo: string; identical: number }[] }>(
      await call(app, "/api/parity?rebuild=almalinux&release=9.4"),
    );
    assert.equal(parity.rows.at(-1)?.identical, 1);
    // The advisories answer names its lags; an OSV folder (no history) gives no errata lag and no feed time.
    const adv = json<{
      lag: string;
      withoutOwnPublication: number;
      rows: { feedBackfill: boolean | null }[];
      summaries: { lag: string }[];
    }>(await call(app, "/api/advisories?rebuild=almalinux"));
    assert.deepEqual(
      [adv.lag, [...new Set(adv.summaries.map((x) => x.lag))], adv.withoutOwnPublication],
      ["errata lag", ["errata lag", "feed lag"], adv.rows.length],
    );
    assert.ok(adv.rows.length > 0 && adv.rows.every((r) => r.feedBackfill === null));
    assert.match(
      (await call(app, "/api/advisories?rebuild=almalinux&format=csv")).body,
      /^distro,advisory,.*,date,dateSource,dateField,lagDays,upperBound,upperBoundSource,feedDate,feedCommit,feedBackfill,feedLagDays\r\n/,
    );
    const report = json<{ sections: { id: string; tables: { rows: unknown[][] }[] }[] }>(
      await call(app, "/api/report?rebuild=almalinux"),
    );
    assert.deepEqual(
      report.sections.find((x) => x.id === "update-lag")?.tables[0]?.rows.map((r) => r.slice(0, 6)),
      [
        ["almalinux", "all", 1, 1, 0, 2],
        ["almalinux", "9.4", 1, 1, 0, 2],
      ],
    );
    // upstream builds, identical, modified, replaced, not applicable, missing, rebuild-only
    assert.deepEqual(report.sections.find((x) => x.id === "compatibility")?.tables[1]?.rows[0], [
      "almalinux",
      "9",
      1,
      1,
      0,
      0,
      0,
      0,
      0,
    ]);
    assert.deepEqual(json<unknown>(await call(app, "/api/badge/almalinux/public-mirrors")), {
      color: "blue",
      label: "almalinux public mirrors",
      message: "4",
      schemaVersion: 1,
    });
    assert.equal(json<{ message: string }>(await call(app, "/api/badge/rocky/advisory-lag")).message, "no data");
    const page = await call(app, "/");
    assert.deepEqual([page.status, page.type], [200, "text/html; charset=utf-8"]);
  });
});

describe("JSON errors", () => {
  const error = (a: Answer): [number, string, string] => {
    const e = json<{ error: { kind: string; message: string } }>(a).error;
    return [a.status, e.kind, e.message];
  };

  test("400 usage names the parameter: missing, unknown distribution, bad number, format, given twice", async () => {
    assert.deepEqual(error(await call(app, "/api/advisories")), [
      400,
      "usage",
      'the query parameter "rebuild" is required',
    ]);
    assert.deepEqual(error(await call(app, "/api/parity?rebuild=almalinux")), [
      400,
      "usage",
      'the query parameter "release" is required',
    ]);
    const [status, kind, message] = error(await call(app, "/api/lag?rebuild=almalinux,nosuch"));
    assert.deepEqual([status, kind], [400, "usage"]);
    assert.match(message, /^the query parameter "rebuild": no distribution "nosuch"; known: almalinux,/);
    assert.match(error(await call(app, "/api/facts?staleDays=soon"))[2], /"staleDays": wants a whole number/);
    assert.match(error(await call(app, "/api/repos?format=xml"))[2], /"format": json or csv, not "xml"/);
    assert.match(
      error(await call(app, "/api/packages?repo=almalinux"))[2],
      /"repo": "almalinux" is not a repository key/,
    );
    assert.match(error(await call(app, "/api/lag?rebuild=almalinux&rebuild=rocky"))[2], /given more than once/);
    // Just kind and message, the message one line: no zod issue list.
    const upstream = json<{ error: Record<string, string> }>(
      await call(app, "/api/lag?upstream=nosuch&rebuild=almalinux"),
    ).error;
    assert.deepEqual(Object.keys(upstream), ["kind", "message"]);
    assert.match(
      upstream["message"] ?? "",
      /^the query parameter "upstream": no distribution "nosuch"; known: [^\n]+$/,
    );
  });

  test("no odd parameter answers 500 (issue 16): every parameter of every GET endpoint, odd values, given twice, odd path segments", async () => {
    const doc = json<OpenApiDoc>(await call(app, "/api/openapi.json"));
    const ODD = ["nonexistent", "%ZZ", "%00", "%E2%82", "-1", "0", "1e309", "NaN", "__proto__", "constructor"];
    const odd = [...ODD, ",", "a,,b", "9.9999", "*", "../..", "x".repeat(2000)];
    const urls: string[] = [
      "/api/badge/%ZZ/x",
      "/api/badge/%ZZ/x.svg",
      "/api/advisories?rebuild=almalinux&upstream=nonexistent",
      "/api/advisories?rebuild=almalinux&upstream=rocky",
    ];
    for (const [path, methods] of Object.entries(doc.paths)) {
      const params = (methods["get"] as unknown as { parameters?: { name: string; in: string }[] } | undefined)
        ?.parameters;
      if (params === undefined) continue;
      const sample = SAMPLES[path] ?? "";
      const base = new URL(sample.startsWith("/") ? sample : path + sample, "http://x");
      // The badge's path: each segment odd in turn, the other as in the sample.
      for (const p of params.filter((q) => q.in === "path"))
        for (const v of ODD)
          urls.push(path.replace(`{${p.name}}`, v).replace("{distro}", "almalinux").replace("{metric}", "parity"));
      for (const p of params.filter((q) => q.in === "query")) {
        for (const v of odd) {
          const q = new URLSearchParams(base.search);
          q.set(p.name, v);
          // Raw, so %ZZ arrives as it was sent; URLSearchParams would encode it.
          urls.push(`${base.pathname}?${q.toString().replace(/%25/g, "%")}`);
        }
        urls.push(`${base.pathname}${base.search}${base.search === "" ? "?" : "&"}${p.name}=a&${p.name}=b`);
      }
    }
    const failed: string[] = [];
    for (const url of urls) {
      const a = await call(app, url);
      const ok =
        a.status < 400
          ? a.status === 200
          : a.status < 500 && a.type === "application/json; charset=utf-8" && error(a)[1].length > 0;
      if (!ok) failed.push(`${url.slice(0, 120)}: ${a.status} ${a.body.slice(0, 200)}`);
    }
    assert.ok(urls.length > 500, `${urls.length} requests`);
    assert.deepEqual(failed, []);
  });

  test("404: unknown endpoint, unknown badge distribution or metric", async () => {
    assert.deepEqual(error(await call(app, "/api/nosuch")), [
      404,
      "not-found",
      "no endpoint /api/nosuch; see /api/openapi.json",
    ]);
    assert.equal((await call(app, "/api/repos/")).status, 404);
    assert.deepEqual(error(await call(app, "/api/badge/nosuch/advisory-lag")).slice(0, 2), [404, "usage"]);
    assert.match(error(await call(app, "/api/badge/almalinux/stars"))[2], /no badge "stars"/);
  });

  test("404 no-data on an empty store, naming the command that gets the data", async () => {
    const empty = await openSqliteStore(":memory:");
    try {
      const bare = appOn(empty);
      for (const [url, command] of [
        ["/api/lag?rebuild=almalinux", "elscope sync"],
        ["/api/parity?rebuild=almalinux&release=9.4", "elscope sync"],
        ["/api/advisories?rebuild=almalinux", "elscope import osv"],
        ["/api/packages?repo=almalinux:9/BaseOS/x86_64", "elscope sync"],
        ["/api/provenance?distro=almalinux", "elscope sync --distro almalinux"],
      ] as const) {
        const [status, kind, message] = error(await call(bare, url));
        assert.deepEqual([status, kind], [404, "no-data"], url);
        assert.ok(message.includes(command), `${url}: ${message}`);
      }
      // Listings of an empty store are empty, not missing.
      assert.deepEqual(json<unknown>(await call(bare, "/api/repos")), { asOf: {}, rows: [], sources: [] });
    } finally {
      await empty.close();
    }
  });

  test("405 with Allow for a method an endpoint does not answer", async () => {
    for (const [url, method, allow] of [
      ["/api/repos", "DELETE", "GET, HEAD"],
      ["/api/badge/almalinux/release-lag", "POST", "GET, HEAD"],
      ["/", "PUT", "GET, HEAD"],
      ["/api/openapi.json", "POST", "GET, HEAD"],
      ["/api/update", "GET", "POST"],
    ] as const) {
      const a = await call(app, url, { method });
      assert.deepEqual([a.status, json<{ error: { kind: string } }>(a).error.kind], [405, "method"], url);
      assert.equal(a.headers.get("allow"), allow);
    }
  });

  test("the store's own errors: usage 400, config 500, source and parse 502, anything else 500 with only the message", async () => {
    const cases = [
      [new UsageError("arguments", "no such thing"), 400, "usage", "no such thing"],
      [new ConfigError("catalog", "bad file"), 500, "config", "catalog: bad file"],
      [new SourceError("almalinux", "HTTP 503"), 502, "source", "almalinux: HTTP 503"],
      [new ParseError("almalinux", "truncated"), 502, "parse", "almalinux: truncated"],
      [new TypeError("x is undefined"), 500, "internal", "x is undefined"],
    ] as const;
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array) => logged.push(String(chunk)) > 0;
    try {
      for (const [e, ...want] of cases) {
        const failing = appOn(storeWith(store, "listRepositories", () => Promise.reject(e)));
        assert.deepEqual(error(await call(failing, "/api/repos")), want);
      }
    } finally {
      process.stderr.write = write;
    }
    assert.ok(
      logged.some((l) => l.includes("GET /api/repos") && l.includes("TypeError: x is undefined\n    at ")),
      "the stack goes to stderr",
    );
  });
});

/** A DOM element as far as the dashboard's script uses it, for running the page's own script in node. */
class FakeNode {}
class FakeElement extends FakeNode {
  readonly attrs = new Map<string, string>();
  readonly kids: FakeNode[] = [];
  readonly dataset: Record<string, string> = {};
  readonly classList = { toggle: () => undefined };
  constructor(readonly tag: string) {
    super();
  }
  setAttribute(k: string, v: unknown): void {
    this.attrs.set(k, String(v));
  }
  append(...kids: FakeNode[]): void {
    this.kids.push(...kids);
  }
  replaceChildren(...kids: FakeNode[]): void {
    this.kids.splice(0, this.kids.length, ...kids);
  }
  get lastChild(): FakeNode | undefined {
    return this.kids.at(-1);
  }
  /** Every element below, depth first. */
  all(): FakeElement[] {
    return this.kids.flatMap((k) => (k instanceof FakeElement ? [k, ...k.all()] : []));
  }
  /** Only "outer inner" selectors, as the script asks them. */
  querySelectorAll(selector: string): FakeElement[] {
    const [outer, inner] = selector.split(" ");
    return this.all()
      .filter((e) => e.tag === outer)
      .flatMap((e) => e.all().filter((x) => x.tag === inner));
  }
}
class FakeText extends FakeNode {
  constructor(readonly text: string) {
    super();
  }
}

describe("links on the dashboard (issue 16)", () => {
  test("webHref: only http(s) addresses, however a scheme is spelt", () => {
    const base = "http://127.0.0.1:8080/?view=facts";
    for (const bad of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "\u0001javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "file:///etc/passwd",
      "http://[::1",
    ])
      assert.equal(webHref(bad, base), null, JSON.stringify(bad));
    assert.equal(webHref("https://almalinux.org/x", base), "https://almalinux.org/x");
    assert.equal(webHref("/api/badge/rocky/parity.svg", base), "http://127.0.0.1:8080/api/badge/rocky/parity.svg");
  });

  test("the facts view links a fact's source only when it is http(s), even one that got past the schema", async () => {
    const hostile = { ...facts[0], source: "javascript:alert(1)", distro: "almalinux" } as (typeof facts)[number];
    const on = appOn(store, { facts: [hostile, ...facts.filter((f) => f.distro === "almalinux")] });
    const html = await (await on.request("/")).text();
    const script = html.slice(html.indexOf("<script>") + "<script>".length, html.lastIndexOf("</script>"));
    const view = new FakeElement("main");
    const body = new FakeElement("body");
    const context = vm.createContext({
      document: {
        body,
        querySelector: () => view,
        querySelectorAll: () => [],
        createElement: (tag: string) => new FakeElement(tag),
        createElementNS: (_: string, tag: string) => new FakeElement(tag),
        createTextNode: (text: string) => new FakeText(text),
      },
      window: { addEventListener: () => undefined },
      history: { pushState: () => undefined },
      location: { search: "?view=facts", hash: "", pathname: "/", href: "http://127.0.0.1:8080/?view=facts" },
      fetch: (path: string) => on.request(path),
      Node: FakeNode,
      URL,
      URLSearchParams,
    });
    vm.runInContext(script, context);
    for (let i = 0; i < 500 && body.dataset["ready"] !== "facts"; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(body.dataset["ready"], "facts");
    const links = view.all().filter((e) => e.tag === "a");
    const text = (e: FakeElement) => e.kids.map((k) => (k instanceof FakeText ? k.text : "")).join("");
    const bad = links.filter((a) => text(a) === "javascript:alert(1)");
    assert.equal(bad.length, 1, "the source is shown");
    assert.equal(bad[0]?.attrs.get("href"), undefined, "but is no link");
    const good = links.filter((a) => a !== bad[0]);
    assert.ok(good.length > 0);
    for (const a of good) assert.equal(a.attrs.get("href"), text(a), "an https source links itself");
  });
});

describe("POST /api/update", () => {
  test("403 without a configured token, 401 without or with a wrong one, the summary with the right one", async () => {
    const post = (a: OpenAPIHono, authorization?: string) =>
      call(a, "/api/update", { method: "POST", headers: authorization === undefined ? {} : { authorization } });
    assert.equal((await post(appOn(store, { token: null }), `Bearer ${TOKEN}`)).status, 403);
    const none = await post(app);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), "Bearer");
    assert.equal((await post(app, "Bearer wrong-token!")).status, 401);
    assert.equal((await post(app, `Bearer ${TOKEN}x`)).status, 401);
    assert.equal((await post(app, TOKEN)).status, 401);
    const ok = await post(app, `Bearer ${TOKEN}`);
    assert.deepEqual([ok.status, json<unknown>(ok)], [200, { failed: 0 }]);
  });

  test("409 while an update runs, and the next one runs after it", async () => {
    let finish = (): void => {};
    let runs = 0;
    const slow = appOn(store, {
      update: () => {
        runs += 1;
        return new Promise((resolve) => (finish = () => resolve({ run: runs })));
      },
    });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const first = call(slow, "/api/update", { method: "POST", headers });
    await new Promise((resolve) => setImmediate(resolve));
    const busy = await call(slow, "/api/update", { method: "POST", headers });
    assert.deepEqual([busy.status, json<{ error: { kind: string } }>(busy).error.kind], [409, "busy"]);
    finish();
    assert.deepEqual(json<unknown>(await first), { run: 1 });
    const second = call(slow, "/api/update", { method: "POST", headers });
    await new Promise((resolve) => setImmediate(resolve));
    finish();
    assert.equal((await second).status, 200);
  });
});

test("the answer cache: the same answer without reading again, a new one once the store changes", async () => {
  const fresh = await openSqliteStore(":memory:");
  try {
    let reads = 0;
    const counted = storeWith(fresh, "releaseDates", () => {
      reads += 1;
      return fresh.releaseDates();
    });
    const cached = appOn(counted);
    const url = "/api/release-lag?rebuild=almalinux";
    const first = await call(cached, url);
    const readsPerAnswer = reads;
    assert.ok(readsPerAnswer > 0);
    const again = await call(cached, url);
    assert.equal(again.body, first.body);
    assert.equal(reads, readsPerAnswer, "the second answer came from the cache");
    await fresh.replaceReleaseDates(
      "almalinux",
      "test",
      "test dates",
      [{ release: "9.4", stage: "ga", date: "2024-05-06" }],
      new Date("2024-06-01T00:00:00Z"),
    );
    const changed = await call(cached, url);
    assert.equal(reads, 2 * readsPerAnswer);
    assert.notEqual(changed.body, first.body);
    assert.match(changed.body, /test dates/);
  } finally {
    await fresh.close();
  }
});

test("answers of 1 KB or more are gzip-compressed for a client that accepts it, and the same answer otherwise (issue 15)", async () => {
  const url = "/api/report?rebuild=almalinux";
  const plain = await app.request(url);
  const text = await plain.text();
  assert.equal(plain.headers.get("content-encoding"), null);
  assert.equal(plain.headers.get("vary"), "accept-encoding");
  assert.ok(text.length > 1024, "the report is large enough to compress");
  // What Chromium sends; twice, so the second is the kept answer's bytes made once.
  for (const round of [1, 2]) {
    const r = await app.request(url, { headers: { "accept-encoding": "gzip, deflate, br, zstd" } });
    assert.equal(r.headers.get("content-encoding"), "gzip", `round ${round}`);
    const wire = Buffer.from(await r.arrayBuffer());
    assert.ok(wire.length < text.length / 2, `round ${round}: ${wire.length} bytes on the wire for ${text.length}`);
    assert.equal(gunzipSync(wire).toString("utf8"), text, `round ${round}: the same answer`);
  }
  for (const refused of ["gzip;q=0, br", "identity", "br;q=1, *;q=0", ""]) {
    const r = await app.request(url, { headers: { "accept-encoding": refused } });
    assert.equal(r.headers.get("content-encoding"), null, refused);
    assert.equal(await r.text(), text, refused);
  }
  assert.equal(
    (await app.request(url, { headers: { "accept-encoding": "*" } })).headers.get("content-encoding"),
    "gzip",
  );
  // A small answer is sent as it is.
  const small = await app.request("/api/badge/almalinux/public-mirrors", { headers: { "accept-encoding": "gzip" } });
  assert.equal(small.status, 200);
  assert.equal(small.headers.get("content-encoding"), null);
});

// The endpoints whose rows can be many: in pages (limit, cursor, nextCursor), CSV whole with limit=all.
const PAGED: Readonly<Record<string, string>> = {
  "/api/lag": "?rebuild=almalinux",
  "/api/advisories": "?rebuild=almalinux",
  "/api/mirrors/list": "?distro=almalinux",
  "/api/popularity": "",
  "/api/packages": "?repo=almalinux:9/*/x86_64",
};

interface Page {
  readonly rows: unknown[];
  readonly nextCursor: string | null;
  readonly [key: string]: unknown;
}

/** A page without its rows and cursor: what every page of one answer shares. */
const envelopeOf = (p: Page): Record<string, unknown> =>
  Object.fromEntries(Object.entries(p).filter(([k]) => k !== "rows" && k !== "nextCursor"));

describe("paged endpoints (issue 15)", () => {
  const error = (a: Answer): [number, string, string] => {
    const e = json<{ error: { kind: string; message: string } }>(a).error;
    return [a.status, e.kind, e.message];
  };
  test("the document gives limit and cursor to the paged endpoints only", async () => {
    const doc = json<OpenApiDoc>(await call(app, "/api/openapi.json"));
    for (const [path, methods] of Object.entries(doc.paths)) {
      const get = methods["get"] as unknown as { parameters?: { name: string; required: boolean }[] } | undefined;
      if (get === undefined) continue;
      const names = (get.parameters ?? []).map((p) => p.name);
      const paged = path in PAGED;
      assert.equal(names.includes("limit"), paged, path);
      assert.equal(names.includes("cursor"), paged, path);
      assert.equal(names.includes("envelope"), paged, path);
      assert.ok(!(get.parameters ?? []).some((p) => (p.name === "limit" || p.name === "cursor") && p.required));
    }
  });

  test("walking nextCursor gives every row of the whole answer, in order, each page with the answer's as-of and sources", async () => {
    let walked = 0;
    for (const [path, query] of Object.entries(PAGED)) {
      const url = path + (query === "" ? "?" : `${query}&`);
      const whole = await call(app, `${url}limit=10000`);
      assert.equal(whole.status, 200, `${path}: ${whole.body}`);
      const all = json<Page>(whole);
      assert.equal(all.nextCursor, null, path);
      const defaultPage = json<Page>(await call(app, path + query));
      assert.deepEqual(defaultPage, all, `${path}: fewer rows than a default page of 1,000`);
      const allRows = all.rows;
      const envelope = envelopeOf(all);
      for (const limit of [1, 2]) {
        const rows: unknown[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const a = await call(
            app,
            `${url}limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
          );
          assert.equal(a.status, 200, `${path}: ${a.body}`);
          const page = json<Page>(a);
          const { rows: some, nextCursor } = page;
          assert.ok(some.length <= limit && (some.length === limit || nextCursor === null), path);
          assert.deepEqual(envelopeOf(page), envelope, `${path}: every page keeps the answer's envelope`);
          rows.push(...some);
          cursor = nextCursor;
          pages += 1;
          assert.ok(pages <= allRows.length + 1, `${path}: the walk ends`);
        } while (cursor !== null);
        assert.deepEqual(rows, allRows, `${path}, limit ${limit}`);
        // The dashboard's walk: the first page whole, the others rows and cursor alone.
        const bare = await call(app, `${url}limit=${limit}&envelope=none`);
        assert.deepEqual(Object.keys(json<Page>(bare)).sort(), ["nextCursor", "rows"], path);
        assert.deepEqual(json<Page>(bare).rows, allRows.slice(0, limit), path);
        if (allRows.length > limit) walked += 1;
      }
      // CSV with limit=all is every row, as the rows of the whole JSON answer render (its pages: api-csv.test.ts).
      const csv = await call(app, `${url}limit=all&format=csv`);
      assert.equal(csv.status, 200, `${path}: ${csv.body}`);
      assert.equal(csv.type, "text/csv; charset=utf-8");
      // JSON sorts a row's keys; CSV keeps the row's own order, so the expected text takes its header's.
      const header = (csv.body.split("\r\n")[0] ?? "").split(",");
      // The errata rows as the CLI's --csv shapes them (lists space-separated), the others as they are.
      const shaped = (allRows as Record<string, unknown>[]).map((r) =>
        path === "/api/advisories" ? advisoryCsvRow(r as unknown as AdvisoryLagRow) : r,
      );
      const ordered = shaped.map((r) => Object.fromEntries(header.map((h) => [h, r[h]])));
      assert.equal(csv.body, renderCsv(csvCells(ordered)), path);
    }
    assert.ok(walked >= 2, "some answers span several pages");
  });

  test("a bad limit or cursor is a JSON 400 naming the parameter", async () => {
    for (const bad of ["0", "10001", "abc", "1.5", "-1"]) {
      const [status, kind, message] = error(await call(app, `/api/mirrors/list?distro=almalinux&limit=${bad}`));
      assert.deepEqual([status, kind], [400, "usage"], bad);
      assert.match(message, /^the query parameter "limit": wants a whole number of rows from 1 to 10000/);
    }
    assert.match(
      error(await call(app, "/api/mirrors/list?distro=almalinux&envelope=some"))[2],
      /^the query parameter "envelope": full or none/,
    );
    const first = json<Page>(await call(app, "/api/mirrors/list?distro=almalinux&limit=1"));
    assert.ok(first.nextCursor !== null);
    for (const [url, why] of [
      ["/api/mirrors/list?distro=almalinux&cursor=nonsense!", /not a cursor this API made/],
      [`/api/mirrors/list?distro=almalinux&cursor=${Buffer.from("5.abc").toString("base64url")}`, /not a cursor/],
      // A cursor of one query is no cursor of another.
      [`/api/mirrors/list?cursor=${first.nextCursor}`, /another query, or the data changed/],
      [`/api/popularity?cursor=${first.nextCursor}`, /another query, or the data changed/],
    ] as const) {
      const [status, kind, message] = error(await call(app, url));
      assert.deepEqual([status, kind], [400, "usage"], url);
      assert.match(message, /^the query parameter "cursor": /, url);
      assert.match(message, why, url);
    }
    // The same cursor with the format or limit changed still names its place.
    const next = await call(app, `/api/mirrors/list?limit=3&cursor=${first.nextCursor}&distro=almalinux`);
    assert.equal(next.status, 200, next.body);
  });
});

describe("the CLI and the API answer alike", () => {
  test("elscope lag --json and /api/lag: the same rows for the same store and filters", async () => {
    for (const [flags, query] of [
      [["--rebuild", "almalinux", "--package", "bash"], "rebuild=almalinux&package=bash"],
      [["--rebuild", "almalinux", "--release", "9.4"], "rebuild=almalinux&release=9.4"],
      [["--upstream", "rhel", "--rebuild", "almalinux"], "upstream=rhel&rebuild=almalinux"],
    ] as const) {
      const cli = await runCliJson<{ rows: unknown[] }>(["--db", db, "lag", "--json", ...flags]);
      const api = await call(app, `/api/lag?${query}`);
      assert.equal(api.status, 200, api.body);
      assert.ok(cli.rows.length > 0);
      assert.deepEqual(json<{ rows: unknown[] }>(api).rows, cli.rows, query);
    }
  });

  test("lag summaries: per package only when asked (--by, by=), the same from the CLI and /api/lag/summary", async () => {
    interface Summaries {
      readonly summariesBy: string[];
      readonly summaries: { groupBy: string; group: string }[];
      readonly rows?: unknown[];
    }
    const groupings = (a: Summaries) => [...new Set(a.summaries.map((s) => s.groupBy))];
    const plain = json<Summaries>(await call(app, "/api/lag/summary?rebuild=almalinux"));
    assert.deepEqual(plain.summariesBy, ["distro", "release", "repo"]);
    assert.deepEqual(groupings(plain), ["distro", "release", "repo"]);
    assert.equal(plain.rows, undefined, "the summaries alone");
    const cli = await runCliJson<Summaries>(["--db", db, "lag", "--rebuild", "almalinux", "--summary", "--json"]);
    assert.deepEqual(cli.summaries, plain.summaries);
    const byPackage = json<Summaries>(await call(app, "/api/lag/summary?rebuild=almalinux&by=package"));
    assert.deepEqual(groupings(byPackage), ["package"]);
    assert.deepEqual(
      byPackage.summaries.map((s) => s.group),
      ["bash"],
    );
    const cliByPackage = await runCliJson<Summaries>([
      "--db",
      db,
      "lag",
      "--rebuild",
      "almalinux",
      "--summary",
      "--json",
      "--by",
      "package",
    ]);
    assert.deepEqual(cliByPackage.summaries, byPackage.summaries);
    // The rows' endpoint takes the same groupings.
    const rows = json<Summaries>(await call(app, "/api/lag?rebuild=almalinux&by=distro"));
    assert.deepEqual(groupings(rows), ["distro"]);
    // As CSV (no envelope) each summary row names its lag, upstream and clock; the CLI writes the same bytes.
    const csv = await call(app, "/api/lag/summary?rebuild=almalinux&format=csv");
    assert.equal(csv.status, 200, csv.body);
    assert.match(csv.body, /^lag,upstream,timeSource,rebuild,groupBy,group,builds,/);
    assert.match(csv.body.split("\r\n")[1] ?? "", /^package lag,rhel,file,almalinux,distro,all,1,/);
    const cliCsv = await runCli(["--db", db, "lag", "--rebuild", "almalinux", "--summary", "--csv"]);
    assert.equal(cliCsv.stdout, csv.body);
    // An unknown grouping: a 400 naming the parameter, and exit 2 from the CLI, each naming the choices.
    const bad = await call(app, "/api/lag/summary?rebuild=almalinux&by=distro,nosuch");
    assert.equal(bad.status, 400, bad.body);
    assert.match(
      json<{ error: { message: string } }>(bad).error.message,
      /"by".*distro, release, repo, package.*nosuch/,
    );
    const r = await runCli(["--db", db, "lag", "--rebuild", "almalinux", "--summary", "--by", "nosuch"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'elscope: arguments: --by takes distro, release, repo, package, not "nosuch"\n');
  });

  test("elscope parity --json and /api/parity: the same rows", async () => {
    const cli = await runCliJson<{ rows: unknown[] }>([
      "--db",
      db,
      "parity",
      "--json",
      "--rebuild",
      "almalinux",
      "--release",
      "9.4",
    ]);
    const api = json<{ rows: unknown[] }>(await call(app, "/api/parity?rebuild=almalinux&release=9.4"));
    assert.ok(cli.rows.length > 0);
    assert.deepEqual(api.rows, cli.rows);
  });
});

describe("one shape for the CLI and the API (issue 13)", () => {
  test("a major release means every minor and the rolling tree; an unknown release is a 400 listing the known ones", async () => {
    const lag = json<{ rows: { upstreamRelease: string; lagDays: number }[] }>(
      await call(app, "/api/lag?rebuild=almalinux&release=9"),
    );
    assert.deepEqual(
      lag.rows.map((r) => [r.upstreamRelease, r.lagDays]),
      [["9.4", 2]],
    );
    const parity = json<{ rows: { repo: string; identical: number }[] }>(
      await call(app, "/api/parity?rebuild=almalinux&release=9"),
    );
    assert.equal(parity.rows.at(-1)?.identical, 1);
    for (const bad of ["9.9", "nine"]) {
      const a = await call(app, `/api/lag?rebuild=almalinux&release=${bad}`);
      assert.equal(a.status, 400, a.body);
      assert.match(a.body, new RegExp(`no release \\\\"${bad}\\\\".*known: 8, 8\\.`));
    }
  });

  test("/api/repos has the CLI's rows: binary and source counts per architecture, with as-of and sources", async () => {
    const api = json<{ rows: unknown[]; asOf: Record<string, string>; sources: string[] }>(
      await call(app, "/api/repos"),
    );
    const cli = await runCliJson<unknown>(["--db", db, "repos", "--json"]);
    assert.deepEqual(api, cli);
    assert.deepEqual(
      (api.rows as { key: string; binaryPackages: number; sourcePackages: number }[]).map((r) => [
        r.key,
        r.binaryPackages,
        r.sourcePackages,
      ]),
      [
        ["almalinux:9.4/BaseOS/x86_64", 1, 1],
        ["rhel:9.4/BaseOS/x86_64", 1, 1],
      ],
    );
    assert.ok(api.asOf["almalinux"] !== undefined && api.sources.length === 2);
  });

  test("packages, arches, facts, mirrors: the same envelope from the CLI and the API", async () => {
    for (const [args, url] of [
      [["packages", "almalinux:9/*/x86_64", "--name", "ba*"], "/api/packages?repo=almalinux:9/*/x86_64&name=ba*"],
      [["arches"], null],
      [["facts", "--distro", "almalinux"], "/api/facts?distro=almalinux"],
      [["mirrors", "stats"], "/api/mirrors"],
    ] as const) {
      const cli = await runCliJson<{ rows: unknown[]; asOf: unknown; sources: unknown[] }>([
        "--db",
        db,
        ...args,
        "--json",
      ]);
      assert.ok(Array.isArray(cli.rows) && cli.rows.length > 0 && cli.asOf !== undefined, args.join(" "));
      assert.ok(Array.isArray(cli.sources), args.join(" "));
      if (url === null) continue;
      // A paged endpoint's one page says there is no next one; the CLI writes every row at once.
      const { nextCursor, ...api } = json<{ asOf: unknown; nextCursor?: unknown }>(await call(app, url));
      assert.ok(nextCursor === undefined || nextCursor === null, url);
      // Facts are dated now: the same rows, each answer with its own as-of time.
      assert.deepEqual({ ...api, asOf: null }, { ...cli, asOf: null }, url);
    }
  });

  test("every table endpoint answers CSV: the mirrors per distribution, the report's tables in long form", async () => {
    const mirrors = await call(app, "/api/mirrors?format=csv");
    assert.equal(mirrors.status, 200, mirrors.body);
    assert.match(mirrors.body, /^distro,asOf,mirrors,public,private,http,https,/);
    assert.match(mirrors.body, /\r\nalmalinux,2026-07-15T00:00:00\.000Z,5,4,1,/);
    const report = await call(app, "/api/report?rebuild=almalinux&format=csv");
    assert.equal(report.status, 200, report.body);
    assert.match(report.body, /^table,row,column,value\r\n/);
    assert.match(report.body, /\r\nscorecard\.rows,0,distro,almalinux\r\n|\r\n[a-z.[\]0-9]+,0,distro,almalinux\r\n/);
  });
});

/** An answer with the times it was computed at (an `asOf` of "now") replaced: they differ between two calls. */
async function answeredNow(on: OpenAPIHono, url: string): Promise<{ status: number; body: string }> {
  const from = Date.now() - 1000;
  const a = await call(on, url);
  const to = Date.now() + 1000;
  const body = a.body.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, (t) => {
    const at = Date.parse(t);
    return at >= from && at <= to ? "<now>" : t;
  });
  return { status: a.status, body };
}

describe("PostgreSQL", () => {
  test("every endpoint answers byte for byte the same from the test store copied to PostgreSQL by elscope db copy", async () => {
    const url = await freshPgDatabase("api");
    await runCliJson(["db", "copy", "--from", db, "--to", url, "--json"]);
    const pg = await openStore(url);
    try {
      // Two new apps, so neither answers from a cache filled by the tests above.
      const [sqliteApp, pgApp] = [appOn(store), appOn(pg)];
      const doc = json<OpenApiDoc>(await call(app, "/api/openapi.json"));
      let compared = 0;
      for (const [path, methods] of Object.entries(doc.paths)) {
        // The job queue is PostgreSQL's alone (pg-boss): SQLite has none to list.
        if (methods["get"] === undefined || path === "/api/jobs") continue;
        const sample = SAMPLES[path] ?? "";
        const target = sample.startsWith("/") ? sample : path + sample;
        for (const u of [target, `${target}${target.includes("?") ? "&" : "?"}format=csv`]) {
          const [a, b] = [await answeredNow(sqliteApp, u), await answeredNow(pgApp, u)];
          assert.equal(b.status, a.status, u);
          assert.equal(b.body, a.body, u);
          compared++;
        }
      }
      assert.ok(compared >= 2 * (Object.keys(SAMPLES).length - 1), `${compared} answers compared`);
    } finally {
      await pg.close();
    }
  });
});
