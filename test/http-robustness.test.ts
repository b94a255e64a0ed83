// The server over real sockets (issue 16): odd and malformed requests each get a JSON answer and
// leave it serving; a thousand requests at once are all answered; slow clients that never finish
// a request hold only their own sockets. In process: `listen()` on 127.0.0.1, port 0.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { type Listening, SERVER_LIMITS, listen } from "../src/server/listen.js";
import { openSqliteStore } from "../src/store/open-sqlite-store.js";
import type { Store } from "../src/store/store.js";
import { readOnlyApp } from "./helpers/read-only-app.js";
import { buildServeStore } from "./helpers/serve-store.js";
import { tempDir } from "./helpers/temp-dir.js";

let dir: { path: string; remove: () => Promise<void> };
let store: Store;
let server: Listening;

before(async () => {
  dir = await tempDir();
  store = await openSqliteStore(await buildServeStore(dir.path));
  server = await listen(readOnlyApp(store), { host: "127.0.0.1", port: 0 });
});
after(async () => {
  await server.close();
  await store.close();
  await dir.remove();
});

interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/**
 * Writes `request` as raw bytes on a fresh connection to `port` and reads until the server
 * closes it; `finish: false` leaves the connection open for writing, as a slow client does.
 */
function rawHttp(request: string | Buffer, port = server.port, finish = true): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => (finish ? socket.end(request) : socket.write(request)));
    let out = "";
    socket.setEncoding("utf8").on("data", (d: string) => (out += d));
    socket.on("close", () => {
      // A 100 Continue comes before the answer itself.
      const answer = out.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, "");
      const at = answer.indexOf("\r\n\r\n");
      const head = at < 0 ? answer : answer.slice(0, at);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0), head, body: answer.slice(at + 4) });
    });
    socket.on("error", reject);
  });
}

/** Asserts a JSON error answer with `status` (or any 4xx), a JSON content-type and an error kind and message. */
function assertJsonError(a: RawAnswer, what: string, status?: number): void {
  if (status === undefined) assert.match(String(a.status), /^4\d\d$/, `${what}: ${a.head}`);
  else assert.equal(a.status, status, `${what}: ${a.head}`);
  assert.match(a.head, /\r\ncontent-type: application\/json; charset=utf-8\r\n/i, `${what}: ${a.head}`);
  // The body may be chunked (an answer of the app) or not (one of node's HTTP layer): the JSON is between the braces.
  const json = a.body.slice(a.body.indexOf("{"), a.body.lastIndexOf("}") + 1);
  const { error } = JSON.parse(json) as { error: { kind: string; message: string } };
  assert.ok(error.kind.length > 0 && error.message.length > 0, `${what}: ${a.body}`);
}

const get = (target: string, headers = ""): string =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;

/** A normal request is answered: the server is still serving. */
async function assertServing(after: string): Promise<void> {
  const r = await fetch(`http://${server.authority}/api/repos`);
  assert.equal(r.status, 200, `serving after ${after}`);
  assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
  await r.json();
}

describe("odd and malformed requests: a JSON answer each, and the server keeps serving", () => {
  test("odd request targets (issue 16: each was reported to kill elscope serve)", async () => {
    for (const target of [
      "//",
      "//[::1",
      "//localhost:99999/",
      "//a:b@c:x/",
      "//x:-1/",
      "//:@/",
      "//[]/",
      "//%zz",
      "//%00/",
      "//[::1]:65536/",
      "//[fe80::1%25eth0]/",
      // The same authorities in absolute form, where node-server builds its URL from them.
      "http://[::1",
      "http://localhost:99999/",
      "http://a:b@c:x/",
      "http://x:-1/",
      "http://[]/",
      "http://%zz/",
      "http://[::1]:65536/",
      "http://[fe80::1%25eth0]/",
      "*",
      "/%",
      "/api/badge/%ZZ/x",
      "/api/badge/%ZZ/x.svg",
      "/\\x",
      "/a\u0001b",
    ]) {
      assertJsonError(await rawHttp(get(target)), JSON.stringify(target));
      await assertServing(JSON.stringify(target));
    }
  });

  test("odd Host headers", async () => {
    for (const host of ["[::1", "a:99999", "a b", "%zz", "a/b", "[]", "x:-1"]) {
      const a = await rawHttp(`GET /api/repos HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assertJsonError(a, `Host: ${host}`, 400);
      await assertServing(`Host: ${host}`);
    }
  });

  test("over-long headers or target: 431; unknown method: 400; CONNECT: 405; an unmet Expect: 417; garbage: 400", async () => {
    const big = SERVER_LIMITS.maxHeaderBytes + 1;
    for (const [what, request, status] of [
      ["one over-long header", get("/api/repos", `X-Big: ${"a".repeat(big)}\r\n`), 431],
      ["many headers", get("/api/repos", "X-A: b\r\n".repeat(big / 4)), 431],
      ["an over-long query", get(`/api/repos?${"a=b&".repeat(big / 4)}`), 431],
      ["an over-long path", get(`/${"a".repeat(big)}`), 431],
      ["an unknown method", "FOO /api/repos HTTP/1.1\r\nHost: x\r\n\r\n", 400],
      ["a lower-case method", "get /api/repos HTTP/1.1\r\nHost: x\r\n\r\n", 400],
      ["a method the endpoint lacks", "PROPFIND /api/repos HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405],
      ["CONNECT", "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n", 405],
      [
        "Expect",
        "POST /api/update HTTP/1.1\r\nHost: x\r\nExpect: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        417,
      ],
      ["a bad header name", get("/api/repos", "Bad Header: x\r\n"), 400],
      ["a NUL in a header", get("/api/repos", "X: a\u0000b\r\n"), 400],
      [
        "Content-Length and Transfer-Encoding (smuggling)",
        "POST /api/update HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
      ],
      ["a bad chunk", "POST /api/update HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n", 400],
      [
        "a huge Content-Length",
        "POST /api/update HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
        400,
      ],
      ["bare LFs", "GET /api/repos HTTP/1.1\nHost: x\n\n", 400],
      ["an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400],
      ["a TLS ClientHello", Buffer.from("16030100a5010000a10303", "hex"), 400],
      ["bytes", Buffer.from([0, 1, 2, 13, 10, 13, 10]), 400],
    ] as const) {
      assertJsonError(await rawHttp(request), what, status);
      await assertServing(what);
    }
  });
});

test("1,000 requests at once are all answered", async () => {
  // A fresh connection each (no keep-alive pool to wait in), 1,000 open at once.
  const answers = await Promise.all(
    Array.from({ length: 1000 }, async (_, i) => {
      const r = await fetch(`http://${server.authority}/api/repos?n=${i % 10}`, { headers: { connection: "close" } });
      return {
        status: r.status,
        type: r.headers.get("content-type") ?? "",
        rows: ((await r.json()) as { rows: [] }).rows,
      };
    }),
  );
  assert.deepEqual(
    answers.filter((a) => a.status !== 200 || !a.type.startsWith("application/json") || a.rows.length === 0),
    [],
  );
});

test("200 slow clients that never finish a request: normal requests are still answered, and the server stays up", async () => {
  const slow: net.Socket[] = [];
  const dribble: NodeJS.Timeout[] = [];
  try {
    await Promise.all(
      Array.from(
        { length: 200 },
        (_, i) =>
          new Promise<void>((resolve, reject) => {
            const s = net.connect(server.port, "127.0.0.1", () => {
              // Half stop in the request line; half send headers a few bytes at a time, never the blank line.
              if (i % 2 === 0) s.write("GET /api/re");
              else {
                s.write("GET /api/repos HTTP/1.1\r\nHost: x\r\n");
                dribble.push(setInterval(() => s.write("X-Slow: a\r\n"), 50));
              }
              resolve();
            });
            s.on("error", reject);
            slow.push(s);
          }),
      ),
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const r = await fetch(`http://${server.authority}/api/repos`);
        await r.json();
        return r.status;
      }),
    );
    assert.deepEqual(answers, Array<number>(50).fill(200));
    // The slow ones are still open: none was answered, since none finished a request.
    assert.equal(slow.filter((s) => s.destroyed).length, 0);
  } finally {
    for (const t of dribble) clearInterval(t);
    for (const s of slow) s.destroy();
  }
  await assertServing("200 slow clients");
});

test("a client too slow with its headers gets a 408 in JSON (slowloris), and the server keeps serving", async () => {
  // Short limits, so the test waits half a second rather than the real ten.
  const quick = await listen(
    readOnlyApp(store),
    { host: "127.0.0.1", port: 0 },
    { ...SERVER_LIMITS, headersTimeoutMs: 300, requestTimeoutMs: 300, checkEveryMs: 100 },
  );
  try {
    const a = await rawHttp("GET /api/repos HTTP/1.1\r\nHost: x\r\n", quick.port, false);
    assertJsonError(a, "headers too slow", 408);
    assert.equal((await fetch(`http://${quick.authority}/api/repos`)).status, 200);
  } finally {
    await quick.close();
  }
});
