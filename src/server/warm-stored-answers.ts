import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppOptions } from "./app-options.js";
import { storedAnswerRequests } from "./stored-answer-requests.js";

/** What warming found: answers already kept and fresh, and those it computed (and kept). */
export interface WarmOutcome {
  readonly stored: number;
  readonly computed: number;
  readonly failed: number;
}

/**
 * Asks `app` (a serving app) for every request whose answer is kept (storedAnswerRequests), so
 * that those not kept yet, or kept from older data, are computed and kept before a client asks,
 * and the app's own memory holds them all. `elscope serve` runs it once it listens.
 *
 * @example
 * const { computed } = await warmStoredAnswers(app, opts);
 */
export async function warmStoredAnswers(
  app: OpenAPIHono,
  opts: Pick<AppOptions, "store" | "catalog">,
): Promise<WarmOutcome> {
  let stored = 0;
  let computed = 0;
  let failed = 0;
  for (const r of storedAnswerRequests(opts.catalog, await opts.store.listRepositories())) {
    const res = await app.request(r.key);
    await res.arrayBuffer();
    if (res.status >= 500) failed++;
    else if (res.ok && res.headers.get("x-elscope-answer") === "computed") computed++;
    else if (res.ok) stored++;
  }
  return { stored, computed, failed };
}
