import { DEFAULT_LAG_GROUPINGS, LAG_GROUPINGS, type LagGroupBy } from "../analyze/update-lag.js";
import { z } from "@hono/zod-openapi";
import { STALE_DAYS } from "../catalog/defaults.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { parseRepoPattern } from "../catalog/repo-pattern.js";
import { UsageError } from "../errors/usage-error.js";
import { commaList } from "../format/comma-list.js";
import { parseAsOf } from "../queries/parse-as-of.js";
import { decodeCursor } from "./page-cursor.js";

/** Rows in a page of a paged endpoint when `limit` is not given, and the most a client may ask for. */
export const PAGE_ROWS = 1000;
export const MAX_PAGE_ROWS = 10_000;

/** What a parameter says of itself in the OpenAPI document (a type, so it fits the generator's open record). */
type ParamDoc = {
  readonly description: string;
  /** Said here, because every schema accepts a missing value and checks it itself (empty counts as missing). */
  readonly required?: boolean;
  readonly deprecated?: boolean;
  readonly example?: string;
};

const doc = (d: ParamDoc): { param: ParamDoc } => ({ param: d });

/** Marks a parameter as missing: the validation hook words it "is required", as it does a missing key. */
function missing(ctx: z.RefinementCtx, path: readonly string[] = []): typeof z.NEVER {
  ctx.addIssue({
    code: z.ZodIssueCode.invalid_type,
    expected: z.ZodParsedType.string,
    received: z.ZodParsedType.undefined,
    path: [...path],
  });
  return z.NEVER;
}

/** The parameters the rebuild set may come as: `rebuild`, or an older spelling. */
export interface RebuildSetQuery {
  readonly rebuild?: readonly string[] | undefined;
  readonly rebuilds?: readonly string[] | undefined;
  readonly distros?: readonly string[] | undefined;
  readonly distro?: readonly string[] | undefined;
}

/**
 * The rebuilds a request names: `rebuild` (the CLI's `--rebuild`), else its older spellings
 * `rebuilds`, `distros` and `distro`, in that order; undefined when none is given.
 *
 * @example
 * rebuildSetOf({ rebuilds: ["rocky"] }) // ["rocky"]
 */
export function rebuildSetOf(q: RebuildSetQuery): readonly string[] | undefined {
  return q.rebuild ?? q.rebuilds ?? q.distros ?? q.distro;
}

/**
 * The query and path parameters of the API as zod schemas, from which requests are validated
 * and the OpenAPI document is generated (https://spec.openapis.org/oas/v3.1.0#parameter-object).
 * Every parameter arrives as text; an empty one counts as not given (the dashboard's forms send
 * empty fields). Distribution ids are checked against `catalog`, so a typo is a 400 naming the
 * parameter rather than an empty answer.
 *
 * @example
 * const p = apiParams(catalog);
 * z.object({ upstream: p.upstream, ...p.rebuildSet("rebuilds to measure", true) });
 */
export function apiParams(catalog: Catalog) {
  const known = catalog.distros.map((d) => d.id);
  const unknownDistro = (id: string): string => `no distribution "${id}"; known: ${known.join(", ")}`;
  const blank = (v: string | undefined): string | undefined => (v === "" ? undefined : v);

  /** A comma list of distribution ids; undefined when empty. */
  const ids = (d: ParamDoc) =>
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = commaList(v);
        const bad = list.find((id) => !known.includes(id));
        if (bad !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: unknownDistro(bad) });
          return z.NEVER;
        }
        return list.length === 0 ? undefined : list;
      })
      .openapi(doc({ example: "almalinux,rocky", ...d }));

  const older = (name: string) => ids({ description: `older spelling of \`${name}\``, deprecated: true });

  return {
    /** The reference distribution; the handler falls back on the catalog's upstream. */
    upstream: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const id = blank(v);
        if (id !== undefined && !known.includes(id)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: unknownDistro(id) });
          return z.NEVER;
        }
        return id;
      })
      .openapi(doc({ description: "the reference distribution (default: the catalog's upstream)", example: "rhel" })),

    /**
     * The rebuilds to measure, `rebuild`, with its older spellings; read them with
     * {@link rebuildSetOf}. Required is only said here (older spellings count): {@link needsRebuild} checks it.
     */
    rebuildSet: (description: string, required: boolean) => ({
      rebuild: ids({ description, required }),
      rebuilds: older("rebuild"),
      distros: older("rebuild"),
      distro: older("rebuild"),
    }),

    /** The distribution filter, `distro` (the CLI's `--distro`), with its older spelling. */
    distroFilter: {
      distro: ids({ description: "only these distributions, comma-separated" }),
      distros: older("distro"),
    },

    /** Free text; `required` makes an empty or missing one a 400. */
    text: (d: ParamDoc) =>
      z
        .string()
        .optional()
        .transform((v, ctx) => (d.required === true && blank(v) === undefined ? missing(ctx) : blank(v)))
        .openapi(doc(d)),

    /**
     * `asOf`: read the history as the store knew it then (parseAsOf: a day is its end, UTC; a
     * date-time needs its zone); a bad or future one is a 400. Answers as of a time bypass the
     * answer caches, which hold the newest state only.
     */
    asOf: {
      asOf: z
        .string()
        .optional()
        .transform((v, ctx) => {
          const given = blank(v);
          if (given === undefined) return undefined;
          try {
            return parseAsOf(given, "asOf");
          } catch (e) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: e instanceof UsageError ? e.problem : String(e) });
            return z.NEVER;
          }
        })
        .openapi(
          doc({
            description:
              "read the history as of this day (its end, UTC) or date-time with zone; the answer carries requestedAsOf",
            example: "2025-06-30",
          }),
        ),
    },

    /** Days after which a fact counts as stale. */
    staleDays: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const given = blank(v);
        if (given === undefined) return STALE_DAYS;
        if (!/^\d{1,6}$/.test(given)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `wants a whole number of days, not "${given}"` });
          return z.NEVER;
        }
        return Number(given);
      })
      .openapi({
        pattern: "^[0-9]{1,6}$",
        default: String(STALE_DAYS),
        ...doc({ description: "a fact checked longer ago than this many days is stale" }),
      }),

    /** A repository key, `distro:release/repo/arch`, where repo or arch may be `*`: checked here, so a 400 names the parameter. */
    repoPattern: z
      .string()
      .optional()
      .transform((v, ctx): string => {
        const given = blank(v);
        if (given === undefined) return missing(ctx);
        try {
          parseRepoPattern(given);
          return given;
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: e.problem });
          return z.NEVER;
        }
      })
      .openapi(
        doc({
          description:
            "distro:release/repo/arch; repo or arch may be *, and a major (9) spans its minors and rolling tree",
          required: true,
          example: "almalinux:9/BaseOS/x86_64",
        }),
      ),

    /** One distribution id as a path segment: an enum, so the document lists the catalog's ids. */
    distroSegment: z
      .enum(known as [string, ...string[]], { errorMap: (_, ctx) => ({ message: unknownDistro(String(ctx.data)) }) })
      .openapi(doc({ description: "a distribution", required: true, example: "almalinux" })),

    /** The groupings of lag summaries, a comma list of distro, release, repo, package. */
    lagGroupings: z
      .string()
      .optional()
      .transform((v, ctx): readonly LagGroupBy[] | undefined => {
        const list = commaList(v);
        const bad = list.find((g) => !(LAG_GROUPINGS as readonly string[]).includes(g));
        if (bad !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `takes ${LAG_GROUPINGS.join(", ")}, not "${bad}"` });
          return z.NEVER;
        }
        return list.length === 0 ? undefined : (list as LagGroupBy[]);
      })
      .openapi(
        doc({
          description: `the summaries' groupings, comma-separated: ${LAG_GROUPINGS.join(", ")} (default ${DEFAULT_LAG_GROUPINGS.join(",")}; per package only when asked)`,
          example: "distro,release",
        }),
      ),

    /** Rows per page of a paged endpoint; `all` (CSV only, checked where the format is known) for every row. */
    limit: z
      .string()
      .optional()
      .transform((v, ctx): number | "all" => {
        const given = blank(v);
        if (given === undefined) return PAGE_ROWS;
        if (given === "all") return "all";
        const n = /^\d{1,6}$/.test(given) ? Number(given) : NaN;
        if (!(n >= 1 && n <= MAX_PAGE_ROWS)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `wants a whole number of rows from 1 to ${MAX_PAGE_ROWS}, or all with format=csv, not "${given}"`,
          });
          return z.NEVER;
        }
        return n;
      })
      .openapi({
        pattern: "^([0-9]{1,5}|all)$",
        default: String(PAGE_ROWS),
        ...doc({
          description: `rows per page, at most ${MAX_PAGE_ROWS}; with format=csv, all streams every row from the cursor on`,
        }),
      }),

    /** Where a page starts: checked for form here; whether it belongs to the query, where the page is cut. */
    cursor: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const given = blank(v);
        if (given !== undefined && decodeCursor(given) === undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: "not a cursor this API made; start without one and follow nextCursor",
          });
          return z.NEVER;
        }
        return given;
      })
      .openapi(
        doc({
          description:
            "the page to answer: the previous page's nextCursor, as it was (opaque); without it, the first page",
        }),
      ),

    /** What a page carries besides its rows: everything (the default), or nothing but `nextCursor`. */
    envelope: z
      .preprocess(
        (v) => (v === "" ? undefined : v),
        z
          .enum(["full", "none"], {
            errorMap: (_, ctx) => ({ message: `full or none, not ${JSON.stringify(ctx.data)}` }),
          })
          .default("full"),
      )
      .openapi(
        doc({
          description:
            "full (the default): every page has the answer's as-of times, sources and summaries; none: rows and nextCursor alone, for the pages after the first when the summaries are large",
        }),
      ),

    /**
     * `?format=`: json, or csv where the answer is a table. A format an endpoint lacks is a 400,
     * not a silent JSON answer.
     */
    format: (path: string, table: boolean) =>
      z
        .preprocess(
          (v) => (v === "" ? undefined : v),
          (table
            ? z.enum(["json", "csv"], {
                errorMap: (_, ctx) => ({ message: `json or csv, not ${JSON.stringify(ctx.data)}` }),
              })
            : z.enum(["json"], {
                errorMap: (_, ctx) => ({ message: `${path} has no CSV form: json, not ${JSON.stringify(ctx.data)}` }),
              })
          ).default("json"),
        )
        .openapi(
          doc({
            description: table
              ? "json (the default) or csv (the rows, as the CLI's --csv; on a paged endpoint the page's, the next page in the Link header)"
              : "json",
          }),
        ),
  };
}

/** The parameter schemas of one catalog. */
export type ApiParams = ReturnType<typeof apiParams>;

/**
 * A refinement for endpoints that need the rebuild set: missing under every spelling is a 400
 * for `rebuild`, the current name.
 *
 * @example
 * z.object(p.rebuildSet("rebuilds", true)).superRefine(needsRebuild)
 */
export function needsRebuild(q: RebuildSetQuery, ctx: z.RefinementCtx): void {
  if (rebuildSetOf(q) === undefined) missing(ctx, ["rebuild"]);
}
