import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { renderCsv } from "../format/render-csv.js";
import { stableStringify } from "../format/stable-stringify.js";
import type { Store } from "../store/store.js";
import { ApiError } from "./api-error.js";
import { API_ROUTES, type ApiRoute } from "./api-routes.js";
import { dashboardPage } from "./dashboard-page.js";
import { openapiDocument } from "./openapi-document.js";

export interface ServerOptions {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly facts: readonly LoadedFact[];
  /** The token a request that changes data must bear; none means nothing can be changed. */
  readonly token: string | null;
  /** Refreshes the live sources (elscope update); answers the per-source summary. */
  readonly update: () => Promise<unknown>;
}

function match(route: ApiRoute, path: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(
    `^${route.path.replace(/\{([a-z]+)\}/g, (_, n: string) => {
      names.push(n);
      return "([^/]+)";
    })}$`,
  );
  const m = re.exec(path);
  if (m === null) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-security-policy":
      "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:",
  });
  res.end(body);
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown): void =>
  send(res, status, "application/json; charset=utf-8", `${stableStringify(value, "")}\n`);

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The HTTP server of `elscope serve`: the dashboard at /, the JSON API under
 * /api (described at /api/openapi.json), CSV for every table (?format=csv),
 * JSON errors, and a bearer token for the one request that changes data.
 *
 * @example
 * createServer({ store, catalog, facts, token: null, update }).listen(8080, "127.0.0.1");
 */
export function createServer(opts: ServerOptions): http.Server {
  const openapi = openapiDocument(API_ROUTES);
  let updating = false;
  // Answers are cached until the store changes (its fingerprint), so a dashboard reload is instant
  // on a large store; big answers are not kept (each entry at most 8 MB, 32 entries).
  const cache = new Map<string, { fingerprint: string; status: number; type: string; body: string }>();
  const cached = async (key: string, make: () => Promise<{ status: number; type: string; body: string }>) => {
    const fingerprint = await opts.store.fingerprint();
    const hit = cache.get(key);
    if (hit !== undefined && hit.fingerprint === fingerprint) return hit;
    const fresh = { fingerprint, ...(await make()) };
    if (fresh.body.length <= 8 << 20) {
      cache.delete(key);
      cache.set(key, fresh);
      while (cache.size > 32) cache.delete(cache.keys().next().value as string);
    }
    return fresh;
  };
  return http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      try {
        if (url.pathname === "/" || url.pathname === "/index.html") {
          if (req.method !== "GET") throw new ApiError(405, "method", "only GET");
          return send(res, 200, "text/html; charset=utf-8", dashboardPage());
        }
        if (url.pathname === "/api/openapi.json") return sendJson(res, 200, openapi);
        if (url.pathname === "/api/update") {
          if (req.method !== "POST") throw new ApiError(405, "method", "POST /api/update");
          if (opts.token === null)
            throw new ApiError(403, "forbidden", "this server was started without a token: it changes nothing");
          if (!bearerMatches(req.headers.authorization, opts.token))
            throw new ApiError(401, "unauthorized", "a valid bearer token is needed to change data");
          if (updating) throw new ApiError(409, "busy", "an update is already running");
          updating = true;
          try {
            return sendJson(res, 200, await opts.update());
          } finally {
            updating = false;
          }
        }
        for (const route of API_ROUTES) {
          const params = match(route, url.pathname);
          if (params === null) continue;
          if (req.method !== "GET")
            throw new ApiError(405, "method", `only GET on ${route.path}; the API is read-only`);
          // The day is in the key: facts age and reports are dated, whatever the store does.
          const key = `${new Date().toISOString().slice(0, 10)} ${url.pathname}?${url.searchParams.toString()}`;
          const answer = await cached(key, async () => {
            const value = await route.handler({ ...opts, query: url.searchParams, params });
            const format = url.searchParams.get("format") ?? "json";
            if (format === "csv") {
              if (!route.table) throw new ApiError(400, "usage", `${route.path} has no CSV form`);
              const rows = (value as { rows: readonly Record<string, unknown>[] }).rows.map((r) =>
                Object.fromEntries(
                  Object.entries(r).map(([k, v]) => [
                    k,
                    v === null || typeof v !== "object" ? (v as string | number | boolean | null) : JSON.stringify(v),
                  ]),
                ),
              );
              return { status: 200, type: "text/csv; charset=utf-8", body: renderCsv(rows) };
            }
            if (format !== "json") throw new ApiError(400, "usage", `format is json or csv, not "${format}"`);
            return { status: 200, type: "application/json; charset=utf-8", body: `${stableStringify(value, "")}\n` };
          });
          return send(res, answer.status, answer.type, answer.body);
        }
        throw new ApiError(404, "not-found", `no endpoint ${url.pathname}; see /api/openapi.json`);
      } catch (e) {
        if (e instanceof ApiError) return sendJson(res, e.status, { error: { kind: e.kind, message: e.message } });
        // Never a stack trace to a client: the message, and the details on the server's stderr.
        process.stderr.write(
          `elscope serve: ${req.method ?? "?"} ${url.pathname}: ${(e as Error).stack ?? String(e)}\n`,
        );
        return sendJson(res, 500, { error: { kind: "internal", message: (e as Error).message } });
      }
    })();
  });
}
