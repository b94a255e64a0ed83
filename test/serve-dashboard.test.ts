// The one spawned `elscope serve`: it starts, answers over TCP (malformed targets too), serves the
// dashboard to headless Chromium, and stops on SIGTERM. The API itself is tested in process in api.test.ts.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { buildServeStore } from "./helpers/serve-store.js";
import { CLI } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";
import { AlertStore } from "../src/store/alert-store.js";
import { openStore } from "../src/store/open-store.js";

// Screenshots land in dist/screenshots/ for a person to look at.
const SHOTS = fileURLToPath(new URL("../screenshots/", import.meta.url));

let dir: { path: string; remove: () => Promise<void> };
let server: ChildProcess;
let exited: Promise<number | null>;
let base = "";
let browser: Browser;

before(async () => {
  dir = await tempDir();
  const db = await buildServeStore(dir.path);
  // One open firing of a watch rule, as `elscope watch` writes it, for the alerts view.
  const store = await openStore(db);
  await new AlertStore(store.db).record(
    [
      {
        rule: "alma-stale",
        kind: "mirror-stale",
        subject: "almalinux mirror.example 9/BaseOS/x86_64",
        figure: 30,
        unit: "hours",
        measure: "mirror behind the reference",
        threshold: 24,
        message: "mirror.example is 30 h behind for 9/BaseOS/x86_64 (stale; more than 24 h)",
        source: "probe run 1 of 9/BaseOS/x86_64: https://mirror.example/9/BaseOS/x86_64/os/",
        clock: "repomd.xml's newest metadata time, the mirror's against the reference's",
        asOf: "2026-11-30T12:00:00.000Z",
      },
    ],
    [],
    new Date("2026-11-30T12:05:00.000Z"),
  );
  await store.close();
  server = spawn(process.execPath, [CLI, "--db", db, "serve", "--port", "0"], {
    env: { ...process.env, ELSCOPE_CATALOG: "", ELSCOPE_TOKEN: "s3cret-token" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  exited = new Promise((resolve) => server.once("exit", resolve));
  base = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m !== null) resolve(m[1] ?? "");
    });
    server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});
after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await dir.remove();
});

/** Writes `request` as raw bytes on a fresh connection and reads until the server closes it. */
function rawHttp(request: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(request));
    let out = "";
    socket.setEncoding("utf8").on("data", (d: string) => (out += d));
    socket.on("close", () => resolve(out));
    socket.on("error", reject);
  });
}

test("elscope serve: the OpenAPI document, and malformed request targets answered in JSON while it keeps serving", async () => {
  const doc = await fetch(`${base}/api/openapi.json`);
  assert.equal(doc.status, 200);
  assert.equal(((await doc.json()) as { openapi: string }).openapi, "3.1.0");
  // Each once killed the server (`new URL(req.url)` outside the handler's try): now a JSON 4xx, and the next request answers.
  for (const target of [
    "//",
    "//[::1",
    "//localhost:99999/",
    "//%zz",
    "//%00/",
    "//[fe80::1%25eth0]/",
    "/\\x",
    "http://[::1",
    "/a\u0001b",
  ]) {
    const answer = await rawHttp(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    assert.match(head, /^HTTP\/1\.1 4\d\d /, `${JSON.stringify(target)}: ${head}`);
    assert.match(head, /\r\ncontent-type: application\/json/i, JSON.stringify(target));
    assert.ok(
      typeof (JSON.parse(body) as { error: { kind: string } }).error.kind === "string",
      `${JSON.stringify(target)}: ${body}`,
    );
    assert.equal((await fetch(`${base}/api/repos`)).status, 200, `serving after ${JSON.stringify(target)}`);
  }
});

test("the dashboard in headless Chromium: overview, lag charts with filters in the URL, package lag, package search by glob, parity lists, back and forward, mirrors map, images, facts", async () => {
  await mkdir(SHOTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("pageerror", (e) => failed.push(e.message));
  await page.goto(base + "/");
  await page.waitForSelector('body[data-ready="overview"]');
  const scores = await page.locator("#scorecard tbody tr").count();
  assert.equal(scores, 8 * 3, "eight criteria for each of the three rebuilds");
  // The SVG badges, drawn by the server and shown by the browser (an image that failed to load has no width).
  const badges = await page.evaluate<number[]>(
    `Promise.all([...document.querySelectorAll("#badges img")].map((i) => i.decode().then(() => i.naturalWidth, () => 0)))`,
  );
  assert.equal(badges.length, 5, "five badges of the one synced rebuild");
  assert.ok(
    badges.every((w) => w > 100),
    `every badge drawn: ${badges.join(", ")}`,
  );
  await page.screenshot({ path: join(SHOTS, "overview.png"), fullPage: true });
  await page.locator("#badges").screenshot({ path: join(SHOTS, "badges.png") });

  await page.click('button[data-view="lag"]');
  await page.waitForSelector('body[data-ready="lag"]');
  assert.equal((await page.locator('#view-lag svg rect[data-series="almalinux"]').count()) > 0, true);
  // The filters redraw the chart: no distribution chosen, no bars; AlmaLinux and major 9, its bars again.
  await page.selectOption("#lag-distro", []);
  assert.equal(await page.locator("#view-lag figure").first().locator("rect[data-series]").count(), 0);
  await page.selectOption("#lag-distro", ["almalinux"]);
  await page.selectOption("#lag-major", "9");
  assert.ok((await page.locator("#view-lag figure").first().locator('rect[data-series="almalinux"]').count()) > 0);
  await page.screenshot({ path: join(SHOTS, "lag.png"), fullPage: true });

  // The filters are in the URL: a reload shows the same choice.
  assert.equal(new URL(page.url()).searchParams.get("major"), "9");
  await page.reload();
  await page.waitForSelector('body[data-ready="lag"]');
  assert.equal(await page.locator("#lag-major").inputValue(), "9");
  assert.deepEqual(await page.locator("#lag-distro option:checked").allTextContents(), ["almalinux"]);

  await page.click('button[data-view="package-lag"]');
  await page.waitForSelector('body[data-ready="package-lag"]');
  // Filled from the catalog and the store: RHEL upstream, the synced rebuild preselected.
  assert.equal(await page.locator("#pl-rebuilds").inputValue(), "almalinux");
  assert.match((await page.locator("#pl-about").textContent()) ?? "", /^package lag: from rhel's build/);
  // Pending builds count: none here, so no oldest-pending age; the estimator is named.
  const summary = await page.locator("#pl-summary tbody tr td").allTextContents();
  assert.deepEqual(summary.slice(0, -1), ["9.4", "almalinux", "1", "1", "0", "unknown", "2", "2", "2", "0%", "100%"]);
  assert.match(summary.at(-1) ?? "", /^Kaplan–Meier/);
  assert.equal(await page.locator('#view-package-lag g.box[data-group="9.4 almalinux"] circle').count(), 1);
  assert.deepEqual(await page.locator("#pl-slowest tbody tr td").allTextContents(), [
    "almalinux",
    "bash-5.1.8-9.el9",
    "bash-5.1.8-9.el9",
    "2",
    "2024-05-01 00:00 UTC",
    "file",
    "2024-05-03 00:00 UTC",
  ]);
  await page.screenshot({ path: join(SHOTS, "package-lag.png"), fullPage: true });

  await page.click('button[data-view="packages"]');
  await page.waitForSelector('body[data-ready="packages"]');
  await page.fill("#pkg-name", "bash");
  await page.fill("#pkg-rebuilds", "almalinux");
  await page.click("#pkg-form-go");
  await page.waitForSelector("#pkg-table");
  const cells = await page.locator("#pkg-table tbody tr td").allTextContents();
  assert.deepEqual(cells, [
    "bash",
    "bash-5.1.8-9.el9",
    "9.4",
    "2024-05-01 00:00 UTC",
    "file",
    "almalinux",
    "identical",
    "bash-5.1.8-9.el9",
    "2024-05-03 00:00 UTC",
    "2",
  ]);
  // Prefix and glob search; a pattern that matches nothing shows no rows.
  for (const [pattern, rows] of [
    ["kernel*", 0],
    ["bas", 0],
    ["b?sh", 1],
    ["ba*", 1],
  ] as const) {
    await page.fill("#pkg-name", pattern);
    await page.click("#pkg-form-go");
    // Strings, not functions: they run in the page, and the tests compile without the DOM's types.
    await page.waitForFunction(`new URLSearchParams(location.search).get("package") === ${JSON.stringify(pattern)}`);
    await page.waitForSelector('body[data-ready="packages"]');
    assert.equal(await page.locator("#pkg-table tbody tr").count(), rows, pattern);
  }
  await page.screenshot({ path: join(SHOTS, "packages.png"), fullPage: true });
  // Back steps through the searches and the tabs; forward returns.
  await page.goBack();
  await page.waitForSelector('body[data-ready="packages"]');
  assert.equal(await page.locator("#pkg-name").inputValue(), "b?sh");
  await page.goForward();
  await page.waitForSelector('body[data-ready="packages"]');
  assert.equal(await page.locator("#pkg-name").inputValue(), "ba*");
  assert.equal(await page.locator("#pkg-table tbody tr").count(), 1);

  await page.click('button[data-view="parity"]');
  await page.waitForSelector('body[data-ready="parity"]');
  assert.deepEqual(
    [await page.locator("#parity-rebuilds").inputValue(), await page.locator("#parity-release").inputValue()],
    ["almalinux", "9.4"],
  );
  assert.deepEqual(await page.locator("#parity-table tbody tr").last().locator("td").allTextContents(), [
    "all",
    "almalinux",
    "1",
    "1",
    "0",
    "0",
    "100%",
  ]);
  for (const list of ["missing", "modified", "only"])
    assert.match((await page.locator(`#parity-${list}-almalinux summary`).textContent()) ?? "", /\(0\)$/, list);
  await page.screenshot({ path: join(SHOTS, "parity.png"), fullPage: true });

  await page.click('button[data-view="mirrors"]');
  await page.waitForSelector('body[data-ready="mirrors"]');
  assert.equal(await page.locator("#mirror-table tbody tr").count(), 1);
  assert.deepEqual((await page.locator('.map[data-distro="almalinux"] .tile').allTextContents()).sort(), [
    "GB",
    "IT",
    "US",
  ]);
  await page.screenshot({ path: join(SHOTS, "mirrors.png"), fullPage: true });

  await page.click('button[data-view="images"]');
  await page.waitForSelector('body[data-ready="images"]');
  assert.equal(await page.locator("#image-matrix tbody tr").count(), 1);
  await page.click('button[data-view="facts"]');
  await page.waitForSelector('body[data-ready="facts"]');
  assert.ok((await page.locator("#facts a[href^='https://']").count()) > 10, "facts link their sources");
  await page.screenshot({ path: join(SHOTS, "facts.png"), fullPage: true });
  // A SQLite store has no job queue: the view says there are no jobs, and shows the table's columns.
  await page.click('button[data-view="jobs"]');
  await page.waitForSelector('body[data-ready="jobs"]');
  assert.match((await page.locator("#jobs-about").textContent()) ?? "", /^0 jobs in the queue: 0 created/);
  assert.equal(await page.locator("#jobs-table thead th").count(), 8);
  assert.deepEqual(failed, [], "no request failed, no script error");
  await page.close();
});

test("the dashboard on a 390-px screen: no view scrolls sideways, every field has its label, a reload keeps the view", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const failed: string[] = [];
  page.on("pageerror", (e) => failed.push(e.message));
  for (const view of ["overview", "package-lag", "lag", "packages", "parity", "mirrors", "images", "facts", "jobs"]) {
    await page.goto(`${base}/?view=${view}${view === "packages" ? "&package=ba*&rebuild=almalinux" : ""}`);
    await page.waitForSelector(`body[data-ready="${view}"]`);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    assert.ok(width <= 390, `${view}: the page is ${width} px wide`);
    const unlabelled = await page.evaluate<string[]>(
      `[...document.querySelectorAll("main input, main select")]
        .filter((e) => e.id === "" || document.querySelector('label[for="' + e.id + '"]') === null)
        .map((e) => e.outerHTML)`,
    );
    assert.deepEqual(unlabelled, [], `${view}: every field has a <label for>`);
    if (view === "package-lag" || view === "packages" || view === "mirrors")
      await page.screenshot({ path: join(SHOTS, `narrow-${view}.png`), fullPage: true });
  }
  await page.reload();
  await page.waitForSelector('body[data-ready="jobs"]');
  assert.equal(await page.locator("nav button.on").getAttribute("data-view"), "jobs");
  assert.deepEqual(failed, []);
  await page.close();
});

test("the dashboard's alerts view shows the open firing with its figure, source and as-of time", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failed: string[] = [];
  page.on("pageerror", (e) => failed.push(e.message));
  await page.goto(`${base}/?view=alerts`);
  await page.waitForSelector('body[data-ready="alerts"]');
  assert.match((await page.locator("#alerts-about").textContent()) ?? "", /^1 open; /);
  const cells = await page.locator("#alerts-table tbody tr").first().locator("td").allTextContents();
  assert.deepEqual(cells.slice(0, 4), ["open", "alma-stale", "almalinux mirror.example 9/BaseOS/x86_64", "30 hours"]);
  assert.ok(cells.includes("2026-11-30 12:00 UTC"), cells.join(" | "));
  await page.screenshot({ path: join(SHOTS, "alerts.png"), fullPage: true });
  assert.deepEqual(failed, []);
  await page.close();
});

test("elscope serve stops on SIGTERM", async () => {
  server.kill("SIGTERM");
  assert.equal(await exited, 0);
});
