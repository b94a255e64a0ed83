import { createReadStream, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

/** One request the server answered: what it asked and how many body bytes the server managed to send. */
export interface RangeRequest {
  readonly path: string;
  readonly range: string | undefined;
  status: number;
  sent: number;
  /** True once the client closed the connection before the body ended. */
  closedEarly: boolean;
}

/** A served folder on 127.0.0.1 that honours `Range: bytes=a-b` (206) unless told to ignore it. */
export interface RangeServer {
  readonly url: string;
  readonly requests: RangeRequest[];
  close(): Promise<void>;
}

export interface RangeServerOptions {
  /**
   * Ignore Range on .rpm files and answer 200 with the whole file followed by an endless
   * stream of zeros: a client that does not stop reading never finishes.
   */
  readonly ignoreRange?: boolean;
}

/**
 * A real HTTP server for range-request tests: it counts the body bytes it wrote to each
 * request's socket (writing only as fast as the client reads, so the count is what the client
 * took plus the kernel's buffers) and whether the client hung up early.
 */
export async function startRangeServer(root: string, options: RangeServerOptions = {}): Promise<RangeServer> {
  const requests: RangeRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const record: RangeRequest = { path, range: req.headers.range, status: 0, sent: 0, closedEarly: false };
    requests.push(record);
    const file = normalize(join(root, path));
    let size: number;
    try {
      const st = statSync(file);
      if (!file.startsWith(root) || !st.isFile()) throw new Error("not a file");
      size = st.size;
    } catch {
      record.status = 404;
      return void res.writeHead(404).end("not found");
    }
    res.on("close", () => {
      if (!res.writableFinished) record.closedEarly = true;
    });
    const write = (chunk: Buffer, next: () => void): void => {
      record.sent += chunk.length;
      if (res.write(chunk)) setImmediate(next);
      else res.once("drain", next);
    };
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    const rpm = path.endsWith(".rpm");
    if (rpm && options.ignoreRange === true) {
      record.status = 200;
      res.writeHead(200, { "content-type": "application/x-rpm" });
      const s = createReadStream(file);
      s.on("data", (c) => {
        s.pause();
        write(c as Buffer, () => s.resume());
      });
      const zeros = Buffer.alloc(64 * 1024);
      const endless = (): void => {
        if (!res.destroyed) write(zeros, endless);
      };
      s.on("end", endless);
      return;
    }
    if (m !== null && m[1] !== undefined) {
      const start = Number(m[1]);
      const end = Math.min(size - 1, m[2] === undefined || m[2] === "" ? size - 1 : Number(m[2]));
      record.status = 206;
      res.writeHead(206, { "content-length": end - start + 1, "content-range": `bytes ${start}-${end}/${size}` });
      const s = createReadStream(file, { start, end });
      s.on("data", (c) => (record.sent += c.length));
      s.pipe(res);
      return;
    }
    record.status = 200;
    res.writeHead(200, { "content-length": size });
    const s = createReadStream(file);
    s.on("data", (c) => (record.sent += c.length));
    s.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
