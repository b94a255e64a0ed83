import { type IncomingMessage, STATUS_CODES, type ServerResponse, createServer } from "node:http";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { ApiError, type ApiErrorKind } from "./api-error.js";
import { errorAnswer } from "./error-answer.js";
import { renderAnswer } from "./render-answer.js";
import { SECURITY_HEADERS, withSecurityHeaders } from "./security-headers.js";

/** A listening server: where it listens, and how to stop it. */
export interface Listening {
  /** host:port as a URL authority (an IPv6 address in brackets). */
  readonly authority: string;
  readonly port: number;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/**
 * How long a client may take, and how much it may send, before the server gives up on it. A
 * slow client (slowloris: a request line or headers dribbled out, or never finished) holds only
 * its own socket, and only this long: node answers 408 once the headers or the whole request
 * take too long (RFC 9110 §15.5.9), checked every second rather than node's default 30. The only
 * request with a body is POST /api/update's, which is small, so the whole request has half a
 * minute. An idle kept-alive connection closes after node's default 5 s. The request line and
 * headers together may be 16 KiB (node's default, said here), beyond which a 431 answers
 * (RFC 6585 §5); node's parser counts a long target in the same limit, hence also 431, not 414.
 * See https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9 and https://www.rfc-editor.org/rfc/rfc6585#section-5
 */
export const SERVER_LIMITS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkEveryMs: 1_000,
  maxHeaderBytes: 16_384,
} as const;

/** The limits of {@link SERVER_LIMITS} a caller may change (a test, to see a 408 without waiting long). */
export type ServerLimits = { readonly [K in keyof typeof SERVER_LIMITS]: number };

/** The headers and body of the API's JSON error, for the answers node's HTTP layer makes itself. */
function errorParts(
  status: number,
  kind: ApiErrorKind,
  message: string,
  more: Readonly<Record<string, string>> = {},
): { readonly headers: Readonly<Record<string, string>>; readonly body: string } {
  const { type, body } = renderAnswer({ error: { kind, message } }, "json");
  const length = String(Buffer.byteLength(body));
  return {
    headers: { ...SECURITY_HEADERS, ...more, "content-type": type, "content-length": length, connection: "close" },
    body,
  };
}

/** The API's JSON error as raw HTTP/1.1 on a socket node's HTTP layer has given up on; the connection closes after it. */
function answerOnSocket(socket: Duplex, status: number, parts: ReturnType<typeof errorParts>): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      Object.entries(parts.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("") +
      `\r\n${parts.body}`,
  );
}

/** The status of a request node's parser or timers refused: too large, too slow, or malformed. */
function refusedStatus(code: string | undefined): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT" || code === "HPE_HEADER_TIMEOUT") return 408;
  return 400;
}

/**
 * A request node's parser refused (RFC 9112 §3: a malformed request line or header), or one too
 * large or too slow (see {@link SERVER_LIMITS}), gets the API's JSON error too, instead of node's
 * bare "400 Bad Request"; then the connection closes, as it must, since the rest of its bytes
 * cannot be trusted.
 * See https://www.rfc-editor.org/rfc/rfc9112#section-3
 */
function refuseMalformed(err: NodeJS.ErrnoException, socket: Duplex, limits: ServerLimits): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = refusedStatus(err.code);
  const why =
    status === 431
      ? `the request line and headers are over ${limits.maxHeaderBytes} bytes`
      : status === 408
        ? `the request took too long to arrive (headers ${limits.headersTimeoutMs / 1000} s, all of it ${limits.requestTimeoutMs / 1000} s)`
        : "malformed request";
  answerOnSocket(socket, status, errorParts(status, "usage", `${why}: ${err.code ?? err.message}`));
}

/**
 * Serves `app` over HTTP on host:port (port 0: any free port) through @hono/node-server, and
 * resolves once it listens. Every request, however malformed its target, gets an answer and
 * leaves the server serving: odd origin-form targets (`//[::1`) reach the app as paths (a 404);
 * what node-server cannot make a Request of (a backslash, a bad absolute-form target or Host)
 * gets a 400 JSON error from the error handler, which node-server's `serve` does not take (it
 * would answer an empty 400), hence its request listener on a plain node server here. What
 * node's HTTP layer refuses before the app (a parse error, a too-large or too-slow request,
 * CONNECT, an unmet Expect) gets the same JSON error; `limits` bound slow and large requests.
 *
 * @example
 * const server = await listen(createApp(opts), { host: "127.0.0.1", port: 8080 });
 * await server.close();
 */
export function listen(
  app: { readonly fetch: (request: Request, env: object) => Response | Promise<Response> },
  at: { readonly host: string; readonly port: number },
  limits: ServerLimits = SERVER_LIMITS,
): Promise<Listening> {
  const listener = getRequestListener(app.fetch, {
    errorHandler: (e) => {
      if (e instanceof Error && e.name === "RequestError")
        return withSecurityHeaders(errorAnswer(new ApiError(400, "usage", `bad request target: ${e.message}`)));
      process.stderr.write(`elscope serve: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      return withSecurityHeaders(errorAnswer(new ApiError(500, "internal", "the server failed to answer")));
    },
  });
  // Node's own check for Host answers a bare 400; node-server's (RFC 9112 §3.2) answers through the error handler.
  const server = createServer(
    {
      requireHostHeader: false,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkEveryMs,
      maxHeaderSize: limits.maxHeaderBytes,
    },
    (req, res) => void listener(req, res),
  );
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => refuseMalformed(err, socket, limits));
  // CONNECT (a proxy's tunnel) would get no answer at all without a listener: node drops the socket.
  server.on("connect", (req: IncomingMessage, socket: Duplex) =>
    answerOnSocket(
      socket,
      405,
      errorParts(405, "method", `${req.method ?? "CONNECT"}: this server is no proxy`, { allow: "GET, HEAD, POST" }),
    ),
  );
  // An Expect other than 100-continue: node's own 417 has no body (RFC 9110 §10.1.1).
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    const expect = JSON.stringify(req.headers.expect ?? "");
    const { headers, body } = errorParts(417, "usage", `cannot meet the expectation ${expect}; only 100-continue`);
    res.writeHead(417, headers).end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(at.port, at.host, () => {
      server.off("error", reject);
      const a = server.address();
      const host = typeof a === "object" && a !== null ? a.address : at.host;
      const port = typeof a === "object" && a !== null ? a.port : at.port;
      resolve({
        authority: `${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((err) => (err === undefined ? done() : fail(err)));
          }),
      });
    });
  });
}
