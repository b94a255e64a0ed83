import { type OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { allowOnly } from "./allow-only.js";
import type { AnswerCache } from "./answer-cache.js";
import { type ApiParams, MAX_PAGE_ROWS, PAGE_ROWS } from "./api-params.js";
import { apiResponses } from "./api-responses.js";
import { csvPage } from "./csv-page.js";
import { jsonChunks } from "../format/json-chunks.js";
import { ApiError } from "./api-error.js";
import type { MeasuredCache } from "./measured-cache.js";
import { cursorOffset, encodeCursor, pageDigest } from "./page-cursor.js";
import { pageOf } from "./page-of.js";
import { renderAnswer } from "./render-answer.js";
import { streamedBody } from "./streamed-body.js";
import type { StoredAnswers } from "./stored-answers.js";
import { answerResponse } from "./answer-response.js";
import { holdSmall } from "./hold-small.js";

/** Pages up to this many characters of JSON are kept in the answer cache; larger ones are streamed. */
const KEPT_PAGE_CHARS = 1 << 20;

/** What every endpoint shares: the answer caches and the parameter schemas. */
export interface EndpointKit {
  readonly cache: AnswerCache;
  /** The answers kept in the store for the dashboard's requests. */
  readonly stored: StoredAnswers;
  readonly measured: MeasuredCache;
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
  /** How a paged endpoint's row is written as CSV, when not as it is: the shape its CLI's `--csv` gives. */
  readonly csvRow?: (row: never) => Readonly<Record<string, unknown>>;
  /**
   * Its rows can be many (a whole release's lag): it answers a page of them (`limit`, `cursor`),
   * the next page's cursor as `nextCursor` in JSON and in the `Link` header of CSV, which with
   * `limit=all` streams every row.
   */
  readonly paged?: boolean;
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
 * the day too (facts age, reports are dated), and any other method gets a 405. A paged
 * endpoint answers one page of rows (CSV: every row with `limit=all`) as a streamed body; the
 * measured answer is kept, so the pages after the first cost no measuring.
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
  // Typed as nothing: the handler reads them (when paged) by a cast, which keeps `check`'s type plain.
  const paging: Record<never, never> =
    spec.paged === true ? { limit: kit.params.limit, cursor: kit.params.cursor, envelope: kit.params.envelope } : {};
  const query = z
    .object({ ...spec.query, format: kit.params.format(spec.path, spec.table), ...paging })
    .superRefine((q, ctx) => check?.(q, ctx));
  const params = z.object(spec.params ?? ({} as P));
  const route = createRoute({
    method: "get",
    path: spec.path,
    summary: spec.summary,
    request: { query, params },
    responses: apiResponses({
      ok:
        spec.paged === true
          ? "the answer with one page of its rows and nextCursor (null on the last page); as CSV, the page's rows, the next page in the Link header (rel=next) and the as-of times and sources in X-Elscope-As-Of, X-Elscope-Sources and X-Elscope-Sources-Count"
          : spec.table
            ? "the answer; its rows alone as CSV"
            : "the answer",
      table: spec.table,
      paged: spec.paged === true,
      errors: [400, 404, 405, 500, 502],
    }),
  });
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const p = c.req.valid("param");
    const url = new URL(c.req.url);
    const day = new Date().toISOString().slice(0, 10);
    const key = `${day} ${url.pathname}?${url.searchParams.toString()}`;
    // The caches and stored answers hold the newest state only: an answer as of a time is made
    // each time, and never kept.
    const asOf = (q as { readonly asOf?: Date }).asOf !== undefined;
    if (spec.paged !== true) {
      const make = async () => renderAnswer(await spec.measure(q, p), q.format ?? "json", spec.csvRows);
      const answer =
        spec.uncached === true || asOf
          ? await make()
          : await kit.cache.get(key, () => (q.format === "csv" ? make() : kit.stored.answer(url, make)));
      return answerResponse(answer, c.req.header("accept-encoding"));
    }
    // The answer a page is cut from is the one of the query without its paging and format.
    const scope = new URLSearchParams(url.searchParams);
    for (const name of ["limit", "cursor", "format", "envelope"]) scope.delete(name);
    scope.sort();
    const whole = `${url.pathname}?${scope.toString()}`;
    const measured = () =>
      asOf
        ? kit.measured.fresh(() => spec.measure(q, p))
        : kit.measured.get(`${day} ${whole}`, () => spec.measure(q, p));
    const { limit, cursor, envelope } = q as {
      readonly limit?: number | "all";
      readonly cursor?: string;
      readonly envelope?: "full" | "none";
    };
    const csv = q.format === "csv";
    if (limit === "all" && !csv)
      throw new ApiError(
        400,
        "usage",
        `the query parameter "limit": all is for format=csv; JSON pages have at most ${MAX_PAGE_ROWS} rows`,
      );
    // A small page (one package's lag, a mirror list) is kept whole: rendered once, not per request.
    const kept = csv || asOf ? null : await kit.cache.peek(key);
    if (kept !== null) return answerResponse(kept, c.req.header("accept-encoding"));
    const { value, fingerprint } = await measured();
    const digest = pageDigest(whole, fingerprint);
    const offset = cursor === undefined ? 0 : cursorOffset(cursor, digest);
    if (typeof offset === "string") throw new ApiError(400, "usage", `the query parameter "cursor": ${offset}`);
    const size = limit === "all" ? Number.MAX_SAFE_INTEGER : (limit ?? PAGE_ROWS);
    const page = pageOf(value, offset, size, (end) => encodeCursor(end, digest), envelope);
    const { rows, nextCursor } = page as { readonly rows?: unknown; readonly nextCursor?: string | null };
    if (!Array.isArray(rows)) {
      const { type, body } = renderAnswer(page, q.format ?? "json", spec.csvRows);
      return new Response(body, { headers: { "content-type": type } });
    }
    if (csv)
      return csvPage(value, rows as readonly Readonly<Record<string, unknown>>[], nextCursor ?? null, url, spec.csvRow);
    // Streamed, not held, when large: a page's envelope can be large too (a whole major's lag
    // summaries were 77 MB of text); a small one is kept as it was made.
    const type = "application/json; charset=utf-8";
    const text = function* () {
      yield* jsonChunks(page as object, rows);
      yield "\n";
    };
    const small = holdSmall(text(), KEPT_PAGE_CHARS);
    if ("whole" in small) {
      const answer = { type, body: small.whole, origin: "computed" };
      if (!asOf) kit.cache.keep(key, answer, fingerprint);
      return answerResponse(answer, c.req.header("accept-encoding"));
    }
    return new Response(streamedBody(small.rest), {
      headers: { "content-type": type, "x-elscope-answer": "computed" },
    });
  });
  allowOnly(app, route.getRoutingPath(), "GET", `only GET on ${spec.path}; the API is read-only`);
}
