import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { commaList } from "../format/comma-list.js";
import { migrateCheckQuery } from "../queries/migrate-check-query.js";
import { queryContext } from "../queries/query-context.js";
import { allowOnly } from "./allow-only.js";
import { ApiError } from "./api-error.js";
import { apiResponses } from "./api-responses.js";
import type { AppOptions } from "./app-options.js";
import { jsonAnswer } from "./json-answer.js";

/** A host list larger than this is no host's list. */
const MAX_BODY = 16 << 20;

/**
 * Declares `POST /api/migrate-check?to=almalinux:9,rocky:9[&from=centos:8]`: the host's package
 * list (any form `elscope migrate-check --installed` reads) is the text/plain body; the answer is the
 * command's JSON. Reads only; 400 for a bad list or target, 404 when no target has synced data.
 *
 * @example
 * await app.request("/api/migrate-check?to=rocky:9", { method: "POST", body: "bash-4.4.20-4.el8_6.x86_64\n" });
 */
export function migrateCheckRoute(app: OpenAPIHono, opts: AppOptions): void {
  const route = createRoute({
    method: "post",
    path: "/api/migrate-check",
    summary: "Migration readiness of one host: its package list (text/plain body) against each target",
    request: {
      query: z.object({ to: z.string().min(1), from: z.string().optional() }),
      body: { content: { "text/plain": { schema: z.string() } }, required: true },
    },
    responses: apiResponses({ ok: "statuses, summaries and tools", table: false, errors: [400, 404, 405, 413, 500] }),
  });
  app.openapi(route, async (c) => {
    const { to, from } = c.req.valid("query");
    const length = Number(c.req.header("content-length") ?? "0");
    if (length > MAX_BODY) throw new ApiError(413, "usage", "the host list is over 16 MiB");
    const installed = await c.req.text();
    if (installed.length > MAX_BODY) throw new ApiError(413, "usage", "the host list is over 16 MiB");
    const params = { installed, to: commaList(to), facts: opts.facts, ...(from === undefined ? {} : { from }) };
    return jsonAnswer(await migrateCheckQuery(queryContext(opts.store, opts.catalog), params));
  });
  allowOnly(app, route.getRoutingPath(), "POST", "only POST on /api/migrate-check");
}
