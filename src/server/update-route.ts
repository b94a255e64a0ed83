import { type OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { allowOnly } from "./allow-only.js";
import { ApiError } from "./api-error.js";
import { apiResponses } from "./api-responses.js";
import type { AppOptions } from "./app-options.js";
import { bearerMatches } from "./bearer-matches.js";
import { errorAnswer } from "./error-answer.js";
import { jsonAnswer } from "./json-answer.js";

/**
 * Declares `POST /api/update`, the one request that changes data: it refreshes every live
 * source, and needs the server's bearer token. 403 when the server has none (it changes
 * nothing), 401 for a missing or wrong token, 409 while an update runs. With a job queue it runs
 * nothing itself: it enqueues one update job per distribution for the workers and answers 202
 * Accepted with their ids (RFC 9110 §15.3.3); a distribution whose job already waits is listed
 * under `alreadyQueued`.
 *
 * @example
 * updateRoute(app, opts);
 */
export function updateRoute(app: OpenAPIHono, opts: AppOptions): void {
  let running = false;
  const route = createRoute({
    method: "post",
    path: "/api/update",
    summary: "Refresh every live source the catalog declares; a failing source keeps its last good data",
    security: [{ bearer: [] }],
    responses: apiResponses({
      ok: "the per-source summary",
      accepted: "with a job queue (elscope serve --queue): the ids of the update jobs enqueued",
      table: false,
      errors: [401, 403, 405, 409, 500, 502],
    }),
  });
  app.openapi(route, async (c) => {
    if (opts.token === null)
      throw new ApiError(403, "forbidden", "this server was started without a token: it changes nothing");
    if (!bearerMatches(c.req.header("authorization"), opts.token)) {
      const res = errorAnswer(new ApiError(401, "unauthorized", "a valid bearer token is needed to change data"));
      // RFC 6750 §3: a 401 says which scheme it wants.
      res.headers.set("www-authenticate", "Bearer");
      return res;
    }
    if (opts.enqueueUpdate !== undefined) {
      const ids = await opts.enqueueUpdate();
      const jobs = ids.filter((id): id is string => id !== null);
      return jsonAnswer({ jobs, alreadyQueued: ids.length - jobs.length }, 202);
    }
    if (running) throw new ApiError(409, "busy", "an update is already running");
    running = true;
    try {
      return jsonAnswer(await opts.update());
    } finally {
      running = false;
    }
  });
  allowOnly(app, route.getRoutingPath(), "POST", "only POST on /api/update");
}
