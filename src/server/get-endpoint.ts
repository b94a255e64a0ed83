import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { allowOnly } from "./allow-only.js";
import type { AnswerCache } from "./answer-cache.js";
import type { ApiParams } from "./api-params.js";
import { apiResponses } from "./api-responses.js";
import { renderAnswer } from "./render-answer.js";

/** What every endpoint shares: the answer cache and the parameter schemas. */
export interface EndpointKit {
  readonly cache: AnswerCache;
  readonly params: ApiParams;
}

/** One read-only endpoint: its parameters (the only description of them), and what it answers. */
export interface EndpointSpec<Q extends z.ZodRawShape, P extends z.ZodRawShape> {
  /** The OpenAPI path template, e.g. /api/badge/{distro}/{metric}. */
  readonly path: string;
  readonly summary: string;
  /** Answers with `rows`, so it also answers as CSV (`?format=csv`). */
  readonly table: boolean;
  /** The rows CSV gives, when they are not the answer's `rows` (the report's tables, in long form). */
  readonly csvRows?: (answer: unknown) => readonly Readonly<Record<string, unknown>>[];
  readonly query: Q;
  readonly params?: P;
  /** Checks across parameters (one of several spellings required). */
  readonly check?: (q: z.output<z.ZodObject<Q>>, ctx: z.RefinementCtx) => void;
  /** Not kept in the answer cache: the answer changes without the store changing (the job queue). */
  readonly uncached?: boolean;
  /** The answer, from the validated parameters; what it throws goes to the app's error handler. */
  readonly measure: (q: z.output<z.ZodObject<Q>>, params: z.output<z.ZodObject<P>>) => Promise<unknown>;
}

/**
 * Declares a GET endpoint on `app` from its zod parameter schemas: the app validates requests
 * with them (its validation hook answers failures) and generates the OpenAPI document from
 * them. Answers are rendered as asked (`?format=`), cached until the store changes, keyed by
 * the day too (facts age, reports are dated), and any other method gets a 405.
 *
 * @example
 * getEndpoint(app, { cache, params }, {
 *   path: "/api/repos", summary: "Synced repositories", table: true, query: {},
 *   measure: async () => ({ rows: await store.listRepositories() }),
 * });
 */
export function getEndpoint<Q extends z.ZodRawShape, P extends z.ZodRawShape = Record<never, never>>(
  app: OpenAPIHono,
  kit: EndpointKit,
  spec: EndpointSpec<Q, P>,
): void {
  const check = spec.check;
  const query = z
    .object({ ...spec.query, format: kit.params.format(spec.path, spec.table) })
    .superRefine((q, ctx) => check?.(q, ctx));
  const params = z.object(spec.params ?? ({} as P));
  const route = createRoute({
    method: "get",
    path: spec.path,
    summary: spec.summary,
    request: { query, params },
    responses: apiResponses({
      ok: spec.table ? "the answer; its rows alone as CSV" : "the answer",
      table: spec.table,
      errors: [400, 404, 405, 500, 502],
    }),
  });
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const p = c.req.valid("param");
    const url = new URL(c.req.url);
    const key = `${new Date().toISOString().slice(0, 10)} ${url.pathname}?${url.searchParams.toString()}`;
    const make = async () => renderAnswer(await spec.measure(q, p), q.format ?? "json", spec.csvRows);
    const answer = spec.uncached === true ? await make() : await kit.cache.get(key, make);
    return new Response(answer.body, { headers: { "content-type": answer.type } });
  });
  allowOnly(app, route.getRoutingPath(), "GET", `only GET on ${spec.path}; the API is read-only`);
}
