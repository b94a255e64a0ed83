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

test("the dashboard in headless Chromium: overview, lag charts with filters, package search, mirrors map, images, facts", async () => {
  await mkdir(SHOTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failed: string[] = [];
  page.on("requestfailed", (r) => failed.push(r.url()));
  page.on("pageerror", (e) => failed.push(e.message));
  await page.goto(base + "/");
  await page.waitForSelector('body[data-ready="overview"]');
  const scores = await page.locator("#scorecard tbody tr").count();
  assert.equal(scores, 8 * 3, "eight criteria for each of the three rebuilds");
  await page.screenshot({ path: join(SHOTS, "overview.png"), fullPage: true });

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

  await page.click('button[data-view="packages"]');
  await page.waitForSelector('body[data-ready="packages"]');
  await page.fill("#pkg-name", "bash");
  await page.fill("#pkg-rebuilds", "almalinux");
  await page.click("#pkg-go");
  await page.waitForSelector("#pkg-out table");
  const cells = await page.locator("#pkg-out tbody tr td").allTextContents();
  assert.deepEqual(cells, ["bash-5.1.8-9.el9", "9.4", "almalinux", "identical", "bash-5.1.8-9.el9", "2"]);
  await page.screenshot({ path: join(SHOTS, "packages.png"), fullPage: true });

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
  assert.deepEqual(failed, [], "no request failed, no script error");
  await page.close();
});

test("elscope serve stops on SIGTERM", async () => {
  server.kill("SIGTERM");
  assert.equal(await exited, 0);
});
