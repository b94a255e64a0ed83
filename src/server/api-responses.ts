import { z } from "@hono/zod-openapi";
import { API_ERROR_KINDS } from "./api-error.js";

/** The body of every error answer, a component of the OpenAPI document. */
const ERROR = z
  .object({
    error: z.object({
      kind: z.enum(API_ERROR_KINDS),
      message: z.string().openapi({ description: "one line; for no-data it names the command that gets the data" }),
    }),
  })
  .openapi("Error");

/** What each error status means across the API (RFC 9110 §15). */
const MEANING: Readonly<Record<number, string>> = {
  400: "usage: a parameter is missing or invalid; the message names it",
  401: "unauthorized: no valid bearer token",
  403: "forbidden: the server was started without a token, so it changes nothing",
  404: "no-data: the store holds nothing to answer with (the message names the command that gets it); not-found: no such endpoint; usage: a badge of no known distribution or metric",
  405: "method: the endpoint does not answer this method",
  409: "busy: an update is already running",
  500: "config: the catalog or store is unusable; internal: a bug (details in the server's log)",
  502: "source or parse: a source elscope reads answered badly or with malformed data",
};

/** The headers a paged endpoint's CSV carries in place of the JSON envelope. */
const text = (description: string) => ({ description, schema: { type: "string" as const } });
const PAGED_CSV_HEADERS = {
  Link: text('CSV: the next page, `<…&cursor=…>; rel="next"` (RFC 8288); absent on the last page'),
  "X-Elscope-As-Of": text("CSV: the answer's asOf object, as JSON"),
  "X-Elscope-Sources": text("CSV: the answer's sources list, as JSON (left out past 4 KB)"),
  "X-Elscope-Sources-Count": text("CSV: how many sources the answer has"),
};

/**
 * The responses of an endpoint for the OpenAPI document: `ok` for 200 (with `text/csv` beside JSON
 * for a table, and for a paged one the headers its CSV pages carry) and the error statuses it can
 * answer, each with the shared Error body.
 *
 * @example
 * apiResponses({ ok: "the rows", table: true, errors: [400, 404, 500, 502] })
 */
export function apiResponses(spec: {
  readonly ok: string;
  readonly table: boolean;
  /** Answers pages: its CSV has the next page and the envelope's data in headers. */
  readonly paged?: boolean;
  readonly errors: readonly number[];
  /** Also answers 202 Accepted: work was queued rather than done (POST /api/update with a queue). */
  readonly accepted?: string;
}) {
  const errors = Object.fromEntries(
    spec.errors.map((status) => [
      status,
      {
        description: MEANING[status] ?? "an error",
        content: { "application/json": { schema: ERROR } },
      },
    ]),
  );
  return {
    200: {
      description: spec.ok,
      ...(spec.paged === true ? { headers: PAGED_CSV_HEADERS } : {}),
      content: {
        "application/json": { schema: { type: "object" as const } },
        ...(spec.table ? { "text/csv": { schema: { type: "string" as const } } } : {}),
      },
    },
    ...(spec.accepted === undefined
      ? {}
      : {
          202: { description: spec.accepted, content: { "application/json": { schema: { type: "object" as const } } } },
        }),
    ...errors,
  };
}
