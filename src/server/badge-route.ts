import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { allowOnly } from "./allow-only.js";
import { apiResponses } from "./api-responses.js";
import type { AppOptions } from "./app-options.js";
import { BADGE_METRICS, badgeOf } from "./badge-of.js";
import { badgeSvg } from "./badge-svg.js";
import { type EndpointKit, getEndpoint } from "./get-endpoint.js";
import { validationHook } from "./validation-hook.js";
import { answerResponse } from "./answer-response.js";

const SUMMARY =
  "package-lag (median package lag over every synced release, or of ?release=), errata-lag (median; advisory-lag is its older name), release-lag (median over minors), parity (share of the upstream's source builds shipped, same release rule) or public-mirrors; no data is a grey 'no data' badge";

/**
 * Declares the badges of one figure each: `/api/badge/{distro}/{metric}` in shields.io's
 * endpoint format (https://shields.io/badges/endpoint-badge) and `/api/badge/{distro}/{metric}.svg`
 * drawn here with badge-maker. An unknown distribution or metric is a 404 (the path names no
 * badge); a figure without data is a grey "no data" badge. The SVG route comes first: the JSON
 * route's `{metric}` would otherwise take `parity.svg` and answer it as an unknown metric.
 *
 * @example
 * badgeRoute(app, opts, { cache, params });
 */
export function badgeRoute(app: OpenAPIHono, opts: AppOptions, kit: EndpointKit): void {
  const metric = z
    .enum(BADGE_METRICS, {
      errorMap: (_, c) => ({ message: `no badge ${JSON.stringify(c.data)}; badges: ${BADGE_METRICS.join(", ")}` }),
    })
    .openapi({ param: { description: "the figure", required: true } });
  const query = {
    upstream: kit.params.upstream,
    release: kit.params.text({
      description:
        "package-lag: a release as synced (default: all); parity: a release (9.4) or major (9; default: the newest major synced)",
      example: "9",
    }),
  };
  const params = z.object({ distro: kit.params.distroSegment, metric });

  // Hono routes `{metric}.svg` by a pattern, so this route is declared to the OpenAPI registry by hand.
  const svgPath = "/api/badge/{distro}/{metric}.svg";
  const ok = apiResponses({ ok: "the badge as SVG", table: false, errors: [400, 404, 405, 500] });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: svgPath,
    summary: `An SVG badge: ${SUMMARY}`,
    request: { params, query: z.object(query) },
    responses: {
      ...ok,
      200: { description: ok[200].description, content: { "image/svg+xml": { schema: { type: "string" } } } },
    },
  });
  const routing = "/api/badge/:distro/:file{[^/]+\\.svg}";
  app.get(routing, async (c) => {
    const p = params.safeParse({ distro: c.req.param("distro"), metric: c.req.param("file").slice(0, -".svg".length) });
    // The validation hook words failures as on every other route (a bad path segment is a 404).
    if (!p.success) return validationHook({ success: false, error: p.error, target: "param" }, c);
    const q = z.object(query).safeParse(c.req.query());
    if (!q.success) return validationHook({ success: false, error: q.error, target: "query" }, c);
    const url = new URL(c.req.url);
    const key = `${new Date().toISOString().slice(0, 10)} ${url.pathname}?${url.searchParams.toString()}`;
    const answer = await kit.cache.get(key, () =>
      kit.stored.answer(url, async () => ({
        type: "image/svg+xml; charset=utf-8",
        body: badgeSvg(await badgeOf(opts, p.data.distro, p.data.metric, q.data)),
      })),
    );
    return answerResponse(answer, c.req.header("accept-encoding"));
  });
  allowOnly(app, routing, "GET", `only GET on ${svgPath}; the API is read-only`);

  getEndpoint(app, kit, {
    path: "/api/badge/{distro}/{metric}",
    summary: `A shields.io endpoint badge: ${SUMMARY}`,
    table: false,
    query,
    params: { distro: kit.params.distroSegment, metric },
    measure: (q, { distro, metric }) => badgeOf(opts, distro, metric, q),
  });
}
