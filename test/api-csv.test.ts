// CSV from the paged endpoints (issue 15): a page of rows as the CLI's --csv writes them, the next
// page in the Link header, the envelope's as-of times and sources in headers; through the app in
// process (app.request) on a real store built through the CLI.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { csvCellsOf } from "../src/format/csv-cells.js";
import { advisoryCsvRow } from "../src/queries/advisory-csv-row.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import type { Store } from "../src/store/store.js";
import type { AdvisoryLagRow } from "../src/analyze/advisory-lag.js";
import { runCli } from "./helpers/run-cli.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { buildServeStore } from "./helpers/serve-store.js";
import { tempDir } from "./helpers/temp-dir.js";

const SUBJECT = 'mirror, "eu"\nsecond line';

/** Popularity points whose subject needs every kind of CSV quoting: a comma, quotes, a newline. */
async function importQuotedSeries(db: string, work: string): Promise<void> {
  const series = join(work, "pulls.csv");
  await writeFile(series, "date,metric,value\n2024-01-01,pulls,10\n2024-02-01,pulls,12\n2024-03-01,pulls,15\n");
  const args = ["import", "popularity-csv", series, "--distro", "almalinux", "--subject", SUBJECT];
  const r = await runCli(["--db", db, ...args]);
  assert.equal(r.code, 0, r.stderr);
}

let served: {
  readonly dir: { readonly path: string; readonly remove: () => Promise<void> };
  readonly db: string;
  readonly store: Store;
  readonly app: OpenAPIHono;
};
before(async () => {
  const dir = await tempDir();
  const db = await buildServeStore(dir.path);
  await importQuotedSeries(db, dir.path);
  const store = await openSqliteStore(db);
  served = { dir, db, store, app: readOnlyApp(store) };
});
after(async () => {
  await served.store.close();
  await served.dir.remove();
});

type Row = Readonly<Record<string, unknown>>;
interface Page {
  readonly rows: readonly Row[];
  readonly nextCursor: string | null;
  readonly asOf?: unknown;
  readonly sources?: readonly string[];
}

/** RFC 4180 text back into records: the test's own reader, so the server's writer is checked against it. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      i++;
    } else cell += c;
  }
  assert.equal(record.length + cell.length, 0, "the text ends with a line break");
  return records;
}

/** The records of a CSV answer as objects by its header line. */
const recordsOf = (text: string): Record<string, string>[] => {
  const [header, ...lines] = parseCsv(text);
  return lines.map((l) => Object.fromEntries((header ?? []).map((h, i) => [h, l[i] ?? ""])));
};

// The paged endpoints, a query that finds rows in the test store, and each row's CSV shape.
const PAGED: readonly [string, (r: Row) => Row][] = [
  ["/api/lag?rebuild=almalinux", (r) => r],
  ["/api/advisories?rebuild=almalinux", (r) => advisoryCsvRow(r as unknown as AdvisoryLagRow)],
  ["/api/mirrors/list?distro=almalinux", (r) => r],
  ["/api/popularity?distro=almalinux", (r) => r],
  ["/api/packages?repo=almalinux:9/*/x86_64", (r) => r],
];

/** A row as its CSV record reads: every cell as the CLI's --csv writes it, null as empty. */
const asRecord = (r: Row, header: readonly string[]): Record<string, string> => {
  const cells = csvCellsOf(r);
  return Object.fromEntries(
    header.map((h) => [h, cells[h] === null || cells[h] === undefined ? "" : String(cells[h])]),
  );
};

const get = async (path: string) => {
  const r = await served.app.request(path);
  return { status: r.status, headers: r.headers, body: await r.text() };
};

/** The URL a Link header's rel="next" names, or null when there is none. */
const nextOf = (link: string | null): string | null => /<([^>]+)>;\s*rel="next"/.exec(link ?? "")?.[1] ?? null;

describe("CSV from the paged endpoints (issue 15)", () => {
  test("a CSV page has the rows of the same JSON page, and its Link header names the next page", async () => {
    let multiPage = 0;
    for (const [url, shape] of PAGED) {
      const all = JSON.parse((await get(`${url}&limit=10000`)).body) as Page;
      assert.ok(all.rows.length > 0, `${url} finds rows`);
      let csvUrl: string | null = `${url}&limit=1&format=csv`;
      let jsonUrl: string | null = `${url}&limit=1`;
      const walked: Record<string, string>[] = [];
      let pages = 0;
      while (csvUrl !== null) {
        const csv = await get(csvUrl);
        assert.equal(csv.status, 200, `${csvUrl}: ${csv.body}`);
        assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
        const page = JSON.parse((await get(jsonUrl ?? "")).body) as Page;
        const records = recordsOf(csv.body);
        const header = parseCsv(csv.body)[0] ?? [];
        assert.deepEqual(
          records,
          page.rows.map((r) => asRecord(shape(r), header)),
          `${csvUrl}: the JSON page's rows`,
        );
        // The envelope CSV lacks, in headers: the whole answer's as-of times and sources, where it has them.
        assert.deepEqual(JSON.parse(csv.headers.get("x-elscope-as-of") ?? "null"), all.asOf ?? null, url);
        assert.deepEqual(JSON.parse(csv.headers.get("x-elscope-sources") ?? "null"), all.sources ?? null, url);
        const count = all.sources === undefined ? null : String(all.sources.length);
        assert.equal(csv.headers.get("x-elscope-sources-count"), count, url);
        walked.push(...records);
        csvUrl = nextOf(csv.headers.get("link"));
        // The Link is the JSON page's nextCursor, on the CSV query; the last page has none.
        const next = csvUrl === null ? null : new URL(csvUrl, "http://x").searchParams;
        assert.deepEqual(
          next === null ? null : [next.get("cursor"), next.get("format"), next.get("limit")],
          page.nextCursor === null ? null : [page.nextCursor, "csv", "1"],
          csvUrl ?? url,
        );
        jsonUrl = page.nextCursor === null ? null : `${url}&limit=1&cursor=${encodeURIComponent(page.nextCursor)}`;
        pages += 1;
        assert.ok(pages <= all.rows.length, `${url}: the walk ends`);
      }
      if (pages > 1) multiPage += 1;
      // The pages together are every row, and so is limit=all, which has no next page.
      const whole = await get(`${url}&limit=all&format=csv`);
      assert.equal(whole.status, 200, whole.body);
      assert.equal(whole.headers.get("link"), null);
      const wholeHeader = parseCsv(whole.body)[0] ?? [];
      const expected = all.rows.map((r) => asRecord(shape(r), wholeHeader));
      assert.deepEqual(recordsOf(whole.body), expected, `${url}, limit=all`);
      assert.deepEqual(walked, expected, `${url}: the pages together`);
      // Without limit, a page is 1,000 rows as in JSON: all of them here.
      assert.equal((await get(`${url}&format=csv`)).body, whole.body, url);
    }
    assert.ok(multiPage >= 3, "several endpoints span more than one page");
  });

  test("a cell with a comma, quotes and a newline is quoted as RFC 4180 says, and reads back as the JSON value", async () => {
    const url = "/api/popularity?distro=almalinux";
    const csv = await get(`${url}&format=csv&limit=all`);
    assert.ok(csv.body.includes('"mirror, ""eu""\nsecond line"'), csv.body);
    const rows = (JSON.parse((await get(url)).body) as Page).rows.filter((r) => r["subject"] === SUBJECT);
    assert.equal(rows.length, 3);
    assert.equal(recordsOf(csv.body).filter((r) => r["subject"] === SUBJECT).length, 3);
  });

  test("the API's CSV of every row is the CLI's --csv, byte for byte", async () => {
    for (const [path, args] of [
      ["/api/lag?rebuild=almalinux", ["lag", "--rebuild", "almalinux", "--csv"]],
      ["/api/advisories?rebuild=almalinux", ["advisories", "--rebuild", "almalinux", "--csv"]],
      ["/api/popularity?distro=almalinux", ["popularity", "--distro", "almalinux", "--csv"]],
      ["/api/packages?repo=almalinux:9/*/x86_64", ["packages", "almalinux:9/*/x86_64", "--csv"]],
    ] as const) {
      const cli = await runCli(["--db", served.db, ...args]);
      assert.equal(cli.code, 0, cli.stderr);
      assert.equal((await get(`${path}&format=csv&limit=all`)).body, cli.stdout, args.join(" "));
    }
  });

  test("a format the API lacks, and limit=all as JSON, are its usual JSON 400", async () => {
    for (const [url, message] of [
      ["/api/lag?rebuild=almalinux&format=xml", /^the query parameter "format": json or csv, not "xml"/],
      ["/api/lag?rebuild=almalinux&limit=all", /^the query parameter "limit": all is for format=csv/],
      ["/api/lag?rebuild=almalinux&limit=none&format=csv", /^the query parameter "limit": wants a whole number/],
    ] as const) {
      const a = await get(url);
      assert.equal(a.status, 400, url);
      assert.equal(a.headers.get("content-type"), "application/json; charset=utf-8");
      const e = (JSON.parse(a.body) as { error: { kind: string; message: string } }).error;
      assert.equal(e.kind, "usage", url);
      assert.match(e.message, message, url);
    }
  });
});
