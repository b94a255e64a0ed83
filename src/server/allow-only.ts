import type { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "./api-error.js";
import { errorAnswer } from "./error-answer.js";

/**
 * Answers 405 with `Allow` (RFC 9110 §15.5.6) for every other method on `path`. Register it
 * after the path's own route: hono runs the first matching handler that answers, so the route
 * answers its method and this one the rest. HEAD is GET without a body, and answers where GET does.
 * See https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6
 *
 * @example
 * app.get("/", page);
 * allowOnly(app, "/", "GET", "only GET on /");
 */
export function allowOnly(app: OpenAPIHono, path: string, method: "GET" | "POST", message: string): void {
  app.all(path, () => {
    const res = errorAnswer(new ApiError(405, "method", message));
    res.headers.set("allow", method === "GET" ? "GET, HEAD" : method);
    return res;
  });
}
