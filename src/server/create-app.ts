import { OpenAPIHono } from "@hono/zod-openapi";
import { allowOnly } from "./allow-only.js";
import { AnswerCache } from "./answer-cache.js";
import { ApiError } from "./api-error.js";
import { apiErrorOf } from "./api-error-of.js";
import { apiParams } from "./api-params.js";
import { apiRoutes } from "./api-routes.js";
import { MeasuredCache } from "./measured-cache.js";
import type { AppOptions } from "./app-options.js";
import { badgeRoute } from "./badge-route.js";
import { dashboardPage } from "./dashboard-page.js";
import { errorAnswer } from "./error-answer.js";
import { jsonAnswer } from "./json-answer.js";
import { withSecurityHeaders } from "./security-headers.js";
import { updateRoute } from "./update-route.js";
import { migrateCheckRoute } from "./migrate-check-route.js";
import { StoredAnswers } from "./stored-answers.js";
import { validationHook } from "./validation-hook.js";

/**
 * The server of `elscope serve` as a hono app, a function from Request to Response: the
 * dashboard at /, the JSON API under /api, its OpenAPI 3.1 document at /api/openapi.json
 * generated from the routes' own zod schemas, CSV for every table (`?format=csv`), JSON errors,
 * and a bearer token for the one request that changes data. Tests call `app.request()`;
 * {@link listen} serves it over HTTP.
 * Spec: https://spec.openapis.org/oas/v3.1.0
 *
 * @example
 * const app = createApp({ store, catalog, facts, token: null, update });
 * const res = await app.request("/api/repos?format=csv");
 */
export function createApp(opts: AppOptions): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use(async (c, next) => {
    await next();
    withSecurityHeaders(c.res);
  });
  app.notFound((c) => errorAnswer(new ApiError(404, "not-found", `no endpoint ${c.req.path}; see /api/openapi.json`)));
  app.onError((e, c) => {
    const err = apiErrorOf(e);
    // Never a stack trace to a client: the message, and the details on the server's stderr.
    if (err.status >= 500)
      process.stderr.write(
        `elscope serve: ${c.req.method} ${c.req.path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
    return errorAnswer(err);
  });

  for (const path of ["/", "/index.html"]) {
    app.get(path, (c) => c.body(dashboardPage(), 200, { "content-type": "text/html; charset=utf-8" }));
    allowOnly(app, path, "GET", `only GET on ${path}`);
  }

  const kit = {
    cache: new AnswerCache(opts.store),
    measured: new MeasuredCache(opts.store),
    stored: new StoredAnswers(opts),
    params: apiParams(opts.catalog),
  };
  apiRoutes(app, opts, kit);
  badgeRoute(app, opts, kit);
  updateRoute(app, opts);
  migrateCheckRoute(app, opts);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  // Made on first request, once every route is declared; the same routes make it each time.
  let openapi: unknown;
  app.get("/api/openapi.json", () => {
    openapi ??= app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "elscope API",
        version: "0.1.0",
        description:
          "Read-only measurements of Enterprise Linux distributions; every figure carries its source and as-of time. Anything that changes data needs the server's token.",
      },
    });
    return jsonAnswer(openapi);
  });
  allowOnly(app, "/api/openapi.json", "GET", "only GET on /api/openapi.json");
  return app;
}
