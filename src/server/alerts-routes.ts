import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { renderAtom } from "../format/render-atom.js";
import type { AlertFiring } from "../model/alert-firing.js";
import { ALERTS_LIMIT, alertsQuery } from "../queries/alerts-query.js";
import { queryContext } from "../queries/query-context.js";
import { allowOnly } from "./allow-only.js";
import { apiResponses } from "./api-responses.js";
import type { AppOptions } from "./app-options.js";
import { type EndpointKit, getEndpoint } from "./get-endpoint.js";
import { validationHook } from "./validation-hook.js";

const query = {
  state: z
    .preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .enum(["open", "resolved", "all"], {
          errorMap: (_, c) => ({ message: `open, resolved or all, not ${JSON.stringify(c.data)}` }),
        })
        .default("all"),
    )
    .openapi({ description: "open firings, resolved ones, or all (the default: open and recent)", example: "open" }),
  recent: z
    .preprocess(
      (v) => (v === "" || v === undefined ? undefined : Number(v)),
      z
        .number({ invalid_type_error: "a whole number from 1 to 1000" })
        .int("a whole number from 1 to 1000")
        .min(1, "a whole number from 1 to 1000")
        .max(1000, "a whole number from 1 to 1000")
        .default(ALERTS_LIMIT),
    )
    .openapi({ description: `at most this many firings, newest first (default ${ALERTS_LIMIT})`, example: "50" }),
};

/**
 * A firing's Atom entry id: a tag: URI (RFC 4151) of its rule, subject and firing time, the same
 * for the firing whichever store copy answers, and another for a later firing of the same subject.
 */
function entryId(f: AlertFiring): string {
  return `tag:elscope,${f.firedAt.slice(0, 10)}:alert/${encodeURIComponent(f.rule)}/${encodeURIComponent(f.subject)}/${f.firedAt}`;
}

/**
 * `GET /api/alerts`: watch rules' firings (open, resolved, or all) as `elscope watch` wrote them,
 * each with its figure, source, clock and as-of time; `GET /api/alerts.atom`: the same as an Atom
 * 1.0 feed (RFC 4287), one entry per firing, updated when it fired or resolved.
 *
 * @example
 * alertsRoutes(app, opts, kit);
 */
export function alertsRoutes(app: OpenAPIHono, opts: AppOptions, kit: EndpointKit): void {
  const ctx = () => queryContext(opts.store, opts.catalog);
  const atomPath = "/api/alerts.atom";
  const ok = apiResponses({ ok: "the firings as an Atom feed", table: false, errors: [400, 405, 500] });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: atomPath,
    summary: "Watch rules' firings (elscope watch) as an Atom 1.0 feed, one entry per firing, newest first",
    request: { query: z.object(query) },
    responses: {
      ...ok,
      200: { description: ok[200].description, content: { "application/atom+xml": { schema: { type: "string" } } } },
    },
  });
  app.get(atomPath, async (c) => {
    const q = z.object(query).safeParse(c.req.query());
    if (!q.success) return validationHook({ success: false, error: q.error, target: "query" }, c);
    const answer = await alertsQuery(ctx(), { state: q.data.state, limit: q.data.recent });
    const body = renderAtom({
      id: "tag:elscope,2026:alerts",
      title: `elscope alerts (${answer.state})`,
      updated: answer.asOf["watch"] ?? new Date().toISOString(),
      self: new URL(c.req.url).href,
      author: "elscope watch",
      entries: answer.rows.map((f) => ({
        id: entryId(f),
        title: `${f.resolvedAt === null ? "Firing" : "Resolved"}: ${f.rule} ${f.subject}`,
        updated: f.resolvedAt ?? f.firedAt,
        published: f.firedAt,
        content: [
          f.message,
          `figure: ${f.figure} ${f.unit} (${f.measure}; threshold ${f.threshold})`,
          `source: ${f.source}`,
          `clock: ${f.clock}`,
          `as of: ${f.asOf ?? "unknown"}`,
        ].join("\n"),
      })),
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/atom+xml; charset=utf-8" } });
  });
  allowOnly(app, atomPath, "GET", `only GET on ${atomPath}; the API is read-only`);

  getEndpoint(app, kit, {
    path: "/api/alerts",
    summary:
      "Watch rules' firings as elscope watch wrote them (open, resolved, or all: open and recent), newest first, each with its figure, source, clock and as-of time",
    table: true,
    uncached: true,
    query,
    measure: (q) => alertsQuery(ctx(), { state: q.state, limit: q.recent }),
  });
}
