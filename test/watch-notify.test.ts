// elscope watch's notify entries against receivers on loopback: one that takes the payload, one
// that answers 500 (retried, then a recorded failure and one stderr line), one that never answers
// (each attempt times out; the run ends), an mbox file; exit 10 on new firings only; and the same
// firings through GET /api/alerts and its Atom feed.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { postJson } from "../src/fetch/post-json.js";
import type { ProbeResultRow } from "../src/model/probe-history-row.js";
import { AlertStore } from "../src/store/alert-store.js";
import { MirrorStore } from "../src/store/mirror-store.js";
import { openStore } from "../src/store/open-store.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { runCli } from "./helpers/run-cli.js";
import { tempDir } from "./helpers/temp-dir.js";

const TARGET = "9/BaseOS/x86_64";

interface Payload {
  generator: string;
  at: string;
  fired: {
    rule: string;
    subject: string;
    figure: number;
    measure: string;
    source: string;
    clock: string;
    asOf: string | null;
  }[];
  resolved: { rule: string; subject: string; resolvedAt: string | null }[];
}

function listen(server: Server | TcpServer): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const a = server.address();
      resolve(typeof a === "object" && a !== null ? `http://127.0.0.1:${a.port}/hook` : "");
    }),
  );
}

const bodyOf = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let b = "";
    req.setEncoding("utf8").on("data", (d: string) => (b += d));
    req.on("end", () => resolve(b));
  });

function probe(mirror: string, status: string, behind: number | null): ProbeResultRow {
  return {
    mirror,
    url: `https://mirror.example/${encodeURIComponent(mirror)}/`,
    status,
    detail: null,
    http_status: 200,
    latency_ms: 5,
    checksum: null,
    repomd_time: null,
    behind_hours: behind,
    ipv6: null,
  };
}

let dir: { path: string; remove: () => Promise<void> };
let db: string;
let rules: string;
const received: { path: string; type: string; body: Payload }[] = [];
let failures = 0;
const sockets: Socket[] = [];
const ok = createServer((req, res) => {
  void bodyOf(req).then((b) => {
    received.push({ path: req.url ?? "", type: req.headers["content-type"] ?? "", body: JSON.parse(b) as Payload });
    res.writeHead(204).end();
  });
});
const failing = createServer((req, res) => {
  failures++;
  void bodyOf(req).then(() => res.writeHead(500).end("no"));
});
// Takes the connection and the request, and never answers.
const silent = createTcpServer((s) => {
  sockets.push(s);
  s.on("data", () => undefined);
});

async function probeRun(results: readonly ProbeResultRow[]): Promise<void> {
  const store = await openStore(db);
  try {
    const at = new Date().toISOString();
    await new MirrorStore(store.db).saveProbeRun(
      {
        distro: "almalinux",
        target: TARGET,
        started_at: at,
        finished_at: at,
        reference_url: null,
        reference_checksum: null,
        reference_time: null,
        reference_source: "newest seen",
      },
      results,
    );
  } finally {
    await store.close();
  }
}

before(async () => {
  dir = await tempDir();
  db = join(dir.path, "store.db");
  const [okUrl, failingUrl, silentUrl] = [await listen(ok), await listen(failing), await listen(silent)];
  rules = join(dir.path, "watch.yaml");
  await writeFile(
    rules,
    [
      "rules:",
      "  - name: alma-stale",
      "    kind: mirror-stale",
      "    distro: almalinux",
      "    hours: 24",
      "notify:",
      "  - kind: webhook",
      `    url: ${okUrl}`,
      "  - kind: webhook",
      `    url: ${failingUrl}`,
      "    retries: 2",
      "  - kind: webhook",
      `    url: ${silentUrl}`,
      "    timeoutSeconds: 1",
      "    retries: 1",
      "  - kind: mbox",
      `    path: ${join(dir.path, "alerts.mbox")}`,
      "    to: ops@example.org",
      "",
    ].join("\n"),
  );
  // Opened once so the store exists with its schema before the probe runs are written.
  await (await openStore(db)).close();
  await probeRun([probe("From edge mirror", "stale", 30), probe("a<b>&c", "stale", 26), probe("m3", "in-sync", 0)]);
});
after(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([ok, failing, silent].map((s) => new Promise((r) => s.close(r))));
  await dir.remove();
});

describe("elscope watch with notify entries", () => {
  test("new firings: exit 10, printed, POSTed once, a failing and a silent webhook each one stderr line and recorded", async () => {
    const r = await runCli(["--db", db, "watch", "--rules", rules]);
    assert.equal(r.code, 10, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.deepEqual(
      lines.map((l) => l.split(":")[0]),
      [
        "FIRING alma-stale almalinux From edge mirror 9/BaseOS/x86_64",
        "FIRING alma-stale almalinux a<b>&c 9/BaseOS/x86_64",
        "2 new, 0 resolved, 2 open of 1 rules",
      ],
    );
    assert.match(
      lines[0] ?? "",
      /\[30 hours, mirror behind the reference; source: probe run \d+ of 9\/BaseOS\/x86_64: .*; clock: .*; as of 20/,
    );
    const err = r.stderr.trimEnd().split("\n");
    assert.equal(err.length, 2, r.stderr);
    assert.match(
      err[0] ?? "",
      /^elscope watch: webhook http:\/\/127\.0\.0\.1:\d+\/hook failed after 3 attempts: HTTP 500$/,
    );
    assert.match(
      err[1] ?? "",
      /^elscope watch: webhook http:\/\/127\.0\.0\.1:\d+\/hook failed after 2 attempts: no answer within 1 s$/,
    );
    assert.equal(failures, 3);
    assert.equal(received.length, 1);
    const got = received[0];
    assert.ok(got !== undefined);
    assert.equal(got.type, "application/json");
    assert.equal(got.body.generator, "elscope");
    assert.deepEqual(
      got.body.fired.map((f) => [f.subject, f.figure, f.measure]),
      [
        ["almalinux From edge mirror 9/BaseOS/x86_64", 30, "mirror behind the reference"],
        ["almalinux a<b>&c 9/BaseOS/x86_64", 26, "mirror behind the reference"],
      ],
    );
    assert.ok(got.body.fired.every((f) => f.source.startsWith("probe run ") && f.clock !== "" && f.asOf !== null));
    assert.deepEqual(got.body.resolved, []);
    const store = await openStore(db);
    try {
      const alerts = new AlertStore(store.db);
      const open = await alerts.openFirings();
      const deliveries = await alerts.deliveries(open.map((f) => f.id));
      // Each firing: three webhooks and the mbox file.
      assert.equal(deliveries.length, 8);
      assert.deepEqual(
        deliveries
          .filter((d) => d.status === "failed")
          .map((d) => `${d.attempts} ${d.error}`)
          .sort(),
        ["2 no answer within 1 s", "2 no answer within 1 s", "3 HTTP 500", "3 HTTP 500"],
      );
    } finally {
      await store.close();
    }
  });

  test("the mbox file: RFC 4155 From lines, headers, and body lines starting with From escaped", async () => {
    const mbox = await readFile(join(dir.path, "alerts.mbox"), "utf8");
    const messages = mbox.split(/^(?=From )/m);
    assert.equal(messages.length, 2);
    for (const m of messages) {
      assert.match(m, /^From elscope (Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\n/);
      assert.match(m, /\nTo: ops@example\.org\n/);
      assert.match(m, /\nDate: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000\n/);
      assert.ok(m.endsWith("\n\n"));
    }
    assert.match(
      messages[0] ?? "",
      /\nSubject: \[elscope\] FIRING alma-stale: almalinux From edge mirror 9\/BaseOS\/x86_64\n/,
    );
    // The body's first line is the message, which starts with the mirror's name: "From edge mirror is …".
    assert.match(messages[0] ?? "", /\n\n>From edge mirror is 30 h behind for 9\/BaseOS\/x86_64/);
    assert.doesNotMatch(mbox, /^From edge/m);
  });

  test("the next run is quiet: exit 0, nothing sent", async () => {
    const r = await runCli(["--db", db, "watch", "--rules", rules]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "0 new, 0 resolved, 2 open of 1 rules\n");
    assert.equal(r.stderr, "");
    assert.equal(received.length, 1);
    const json = await runCli(["--db", db, "watch", "--rules", rules, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const answer = JSON.parse(json.stdout) as { fired: unknown[]; open: unknown[]; deliveries: unknown[] };
    assert.deepEqual([answer.fired.length, answer.open.length, answer.deliveries.length], [0, 2, 0]);
  });

  test("GET /api/alerts and /api/alerts.atom: the open firings with figure, source, clock and as-of; escaped XML; a bad state is a 400", async () => {
    const store = await openStore(db);
    try {
      const app = readOnlyApp(store);
      const res = await app.request("/api/alerts?state=open");
      assert.equal(res.status, 200);
      const body = (await res.json()) as {
        open: number;
        rows: { rule: string; subject: string; figure: number; source: string; clock: string; asOf: string | null }[];
      };
      assert.equal(body.open, 2);
      assert.deepEqual(body.rows.map((x) => x.subject).sort(), [
        "almalinux From edge mirror 9/BaseOS/x86_64",
        "almalinux a<b>&c 9/BaseOS/x86_64",
      ]);
      assert.ok(body.rows.every((x) => x.source !== "" && x.clock !== "" && x.asOf !== null));
      const bad = await app.request("/api/alerts?state=bogus");
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: { message: string } }).error.message, /open, resolved or all/);
      const atom = await app.request("/api/alerts.atom");
      assert.equal(atom.status, 200);
      assert.equal(atom.headers.get("content-type"), "application/atom+xml; charset=utf-8");
      const xml = await atom.text();
      assert.match(
        xml,
        /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">\n {2}<id>tag:elscope,2026:alerts<\/id>/,
      );
      assert.match(xml, /<updated>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/updated>/);
      assert.equal(xml.match(/<entry>/g)?.length, 2);
      assert.equal(xml.match(/<id>tag:elscope,\d{4}-\d\d-\d\d:alert\/alma-stale\/almalinux/g)?.length, 2);
      assert.match(xml, /<title>Firing: alma-stale almalinux a&lt;b&gt;&amp;c 9\/BaseOS\/x86_64<\/title>/);
      assert.doesNotMatch(xml, /a<b>/);
      assert.equal((await app.request("/api/alerts.atom", { method: "POST" })).status, 405);
    } finally {
      await store.close();
    }
  });

  test("when the mirrors catch up the firings resolve: printed, sent, exit 0", async () => {
    await probeRun([probe("From edge mirror", "in-sync", 0), probe("a<b>&c", "behind", 3), probe("m3", "in-sync", 0)]);
    const r = await runCli(["--db", db, "watch", "--rules", rules]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^RESOLVED alma-stale almalinux From edge mirror/m);
    assert.match(r.stdout, /\n0 new, 2 resolved, 0 open of 1 rules\n$/);
    assert.equal(received.length, 2);
    assert.deepEqual(received[1]?.body.fired, []);
    assert.equal(received[1]?.body.resolved.length, 2);
    assert.ok(received[1]?.body.resolved.every((f) => f.resolvedAt !== null));
    const store = await openStore(db);
    try {
      const res = await readOnlyApp(store).request("/api/alerts?state=resolved");
      assert.equal(((await res.json()) as { rows: unknown[] }).rows.length, 2);
    } finally {
      await store.close();
    }
  });
});

test("postJson follows no redirect off the URL's origin", async () => {
  const target = createServer((_req, res) => res.writeHead(204).end());
  const elsewhere = await listen(target);
  const redirecting = createServer((_req, res) => res.writeHead(307, { location: elsewhere }).end());
  const url = await listen(redirecting);
  try {
    const r = await postJson(url, { a: 1 }, { timeoutMs: 5000, retries: 0 });
    assert.equal(r.kind, "failed");
    assert.match(
      r.kind === "failed" ? r.problem : "",
      /^refusing redirect from http:\/\/127\.0\.0\.1:\d+ to another origin/,
    );
  } finally {
    await Promise.all([target, redirecting].map((s) => new Promise((res) => s.close(res))));
  }
});
