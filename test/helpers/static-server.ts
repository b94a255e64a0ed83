import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

/** What the server does for one request path; default is to serve the file. */
export type Behaviour =
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "hang" }
  | { readonly kind: "truncate"; readonly bytes: number }
  | { readonly kind: "redirect"; readonly to: string }
  | { readonly kind: "fail-times"; readonly times: number; readonly status: number }
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "body"; readonly body: string };

export interface StaticServer {
  readonly url: string;
  readonly requests: string[];
  readonly behaviours: Map<string, Behaviour>;
  close(): Promise<void>;
}

/** Options beyond what is served. */
export interface StaticServerOptions {
  /** Milliseconds every request waits before it is handled, as a distant mirror's round trips add (a range picks at random). */
  readonly latencyMs?: number | readonly [number, number];
}

/**
 * A real HTTP(S) server on 127.0.0.1 serving `root`, with ETag and
 * Last-Modified, and per-path misbehaviour for failure tests.
 */
export async function startStaticServer(
  root: string,
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer; requestCert?: boolean },
  host = "127.0.0.1",
  options: StaticServerOptions = {},
): Promise<StaticServer> {
  const requests: string[] = [];
  const behaviours = new Map<string, Behaviour>();
  const failures = new Map<string, number>();
  const delayed = new WeakSet<http.IncomingMessage>();
  const handler: http.RequestListener = (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (!delayed.has(req)) requests.push(path);
    const b = behaviours.get(path);
    if (b?.kind === "status") return void res.writeHead(b.status).end(`status ${b.status}`);
    if (b?.kind === "hang") return; // never answers
    if (b?.kind === "body") return void res.writeHead(200, { "content-type": "text/html" }).end(b.body);
    if (b?.kind === "delay" && !delayed.has(req)) {
      delayed.add(req);
      setTimeout(() => handler(req, res), b.ms);
      return;
    }
    if (b?.kind === "redirect") return void res.writeHead(302, { location: b.to }).end();
    if (b?.kind === "fail-times") {
      const n = failures.get(path) ?? 0;
      if (n < b.times) {
        failures.set(path, n + 1);
        return void res.writeHead(b.status, { "retry-after": "0" }).end();
      }
    }
    // A folder is served by its index.html, as web servers do for directory listings.
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    let st;
    try {
      st = statSync(file);
      if (!st.isFile()) throw new Error("not a file");
    } catch {
      return void res.writeHead(404).end("not found");
    }
    const etag = `"${st.size}-${st.mtimeMs}"`;
    const lastModified = st.mtime.toUTCString();
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304).end();
    if (b?.kind === "truncate") {
      // Promise the whole file, send part of it, then drop the connection.
      res.writeHead(200, { "content-length": st.size, etag, "last-modified": lastModified });
      const s = createReadStream(file, { start: 0, end: b.bytes - 1 });
      s.pipe(res, { end: false });
      s.on("end", () => res.destroy());
      return;
    }
    res.writeHead(200, { "content-length": st.size, etag, "last-modified": lastModified });
    createReadStream(file).pipe(res);
  };
  const latency = options.latencyMs;
  const wait = (): number =>
    latency === undefined
      ? 0
      : typeof latency === "number"
        ? latency
        : latency[0] + Math.random() * (latency[1] - latency[0]);
  const served: http.RequestListener =
    latency === undefined ? handler : (req, res) => void setTimeout(() => handler(req, res), wait());
  const server = tls
    ? https.createServer(
        {
          cert: tls.cert,
          key: tls.key,
          ca: tls.ca,
          requestCert: tls.requestCert ?? false,
          rejectUnauthorized: tls.requestCert ?? false,
        },
        served,
      )
    : http.createServer(served);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    requests,
    behaviours,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
