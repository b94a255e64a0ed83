import type { ApiRoute } from "./api-routes.js";

/**
 * The OpenAPI 3.1 description of the API, made from the route table itself,
 * so the document cannot drift from what the server answers.
 * Spec: https://spec.openapis.org/oas/v3.1.0
 *
 * @example
 * openapiDocument(API_ROUTES).paths["/api/report"]
 */
export function openapiDocument(routes: readonly ApiRoute[]): Record<string, unknown> {
  const error = {
    description: "An error: {error: {kind, message}}; 404 with kind no-data names the command that gets the data",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
  const paths: Record<string, unknown> = {};
  for (const r of routes) {
    const pathParams = [...r.path.matchAll(/\{([a-z]+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = r.query.map((q) => ({
      name: q.name,
      in: "query",
      required: q.required === true,
      description: q.description,
      schema: { type: "string" },
    }));
    const format = r.table
      ? [
          {
            name: "format",
            in: "query",
            required: false,
            description: "json (default) or csv",
            schema: { enum: ["json", "csv"] },
          },
        ]
      : [];
    paths[r.path] = {
      get: {
        summary: r.summary,
        parameters: [...pathParams, ...query, ...format],
        responses: {
          "200": {
            description: "OK",
            content: {
              "application/json": { schema: { type: "object" } },
              ...(r.table ? { "text/csv": { schema: { type: "string" } } } : {}),
            },
          },
          "400": error,
          "404": error,
        },
      },
    };
  }
  paths["/api/update"] = {
    post: {
      summary: "Refresh every live source the catalog declares; a failing source keeps its last good data",
      security: [{ bearer: [] }],
      responses: {
        "200": { description: "per-source summary", content: { "application/json": { schema: { type: "object" } } } },
        "401": error,
        "403": error,
      },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "elscope API",
      version: "0.1.0",
      description:
        "Read-only measurements of Enterprise Linux distributions; every figure carries its source and as-of time. Anything that changes data needs the server's token.",
    },
    paths,
    components: {
      schemas: {
        Error: {
          type: "object",
          properties: {
            error: { type: "object", properties: { kind: { type: "string" }, message: { type: "string" } } },
          },
        },
      },
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
  };
}
