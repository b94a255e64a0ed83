import type { Hook } from "@hono/zod-openapi";
import type { Env } from "hono";
import { ApiError } from "./api-error.js";
import { errorAnswer } from "./error-answer.js";

/**
 * The answer to a request whose parameters fail their schema: one line naming the first
 * failing parameter, never zod's dump. A bad query is 400 `usage`; a bad path segment names
 * no resource, so it is 404 (an unknown distribution or badge), still kind `usage`.
 * Passed as the app's `defaultHook`, so every route validates alike.
 *
 * @example
 * new OpenAPIHono({ defaultHook: validationHook });
 */
export const validationHook: Hook<unknown, Env, string, Response | undefined> = (result) => {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where = result.target === "param" ? "path" : result.target;
  const name = `the ${where} parameter "${String(issue?.path[0] ?? "?")}"`;
  let message: string;
  if (issue?.code === "invalid_type" && issue.received === "undefined") message = `${name} is required`;
  else if (issue?.code === "invalid_type" && issue.received === "array")
    message = `${name} is given more than once; give it once (a list as a comma list)`;
  else message = `${name}: ${issue?.message ?? "invalid"}`;
  return errorAnswer(new ApiError(result.target === "param" ? 404 : 400, "usage", message));
};
