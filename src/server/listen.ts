import { STATUS_CODES, createServer } from "node:http";
import type { Socket } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { ApiError } from "./api-error.js";
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
 * A request node's parser refused (RFC 9112 §3: a malformed request line or header) gets the
 * API's JSON error too, instead of node's bare "400 Bad Request"; then the connection closes,
 * as it must, since the rest of its bytes cannot be trusted.
 * See https://www.rfc-editor.org/rfc/rfc9112#section-3
 */
function refuseMalformed(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const { type, body } = renderAnswer(
    { error: { kind: "usage", message: `malformed request: ${err.code ?? err.message}` } },
    "json",
  );
  const headers = { ...SECURITY_HEADERS, "content-type": type, "content-length": String(Buffer.byteLength(body)) };
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("") +
      `connection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves `app` over HTTP on host:port (port 0: any free port) through @hono/node-server, and
 * resolves once it listens. Every request, however malformed its target, gets an answer and
 * leaves the server serving: odd origin-form targets (`//[::1`) reach the app as paths (a 404);
 * what node-server cannot make a Request of (a backslash, a bad absolute-form target or Host)
 * gets a 400 JSON error from the error handler, which node-server's `serve` does not take (it
 * would answer an empty 400), hence its request listener on a plain node server here.
 *
 * @example
 * const server = await listen(createApp(opts), { host: "127.0.0.1", port: 8080 });
 * await server.close();
 */
export function listen(
  app: { readonly fetch: (request: Request, env: object) => Response | Promise<Response> },
  at: { readonly host: string; readonly port: number },
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
  const server = createServer({ requireHostHeader: false }, (req, res) => void listener(req, res));
  server.on("clientError", refuseMalformed);
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
