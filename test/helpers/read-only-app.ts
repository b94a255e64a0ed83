import type { OpenAPIHono } from "@hono/zod-openapi";
import { loadCatalog } from "../../src/catalog/load-catalog.js";
import { loadFacts } from "../../src/catalog/load-facts.js";
import { createApp } from "../../src/server/create-app.js";
import type { Store } from "../../src/store/store.js";

/**
 * The API app on `store` with the shipped catalog and facts, started without a token (so it
 * changes nothing), for tests that call it in process.
 *
 * @example
 * const res = await readOnlyApp(store).request("/api/repos");
 */
export function readOnlyApp(store: Store): OpenAPIHono {
  const catalog = loadCatalog();
  return createApp({
    store,
    catalog,
    facts: loadFacts(catalog),
    token: null,
    update: () => Promise.resolve({ failed: 0 }),
  });
}
