import type { Catalog } from "../catalog/load-catalog.js";
import type { WatchRules } from "../catalog/watch-schema.js";
import { type WatchRun, watchAndNotify } from "../queries/notify-watch.js";
import { queryContext } from "../queries/query-context.js";
import type { Store } from "../store/store.js";

/**
 * The watch rules a worker evaluates after each job, one run at a time in this process (two
 * jobs ending together do not race each other; across workers the store keeps one open firing
 * per rule and subject). A run's failure is reported, never the job's.
 *
 * @example
 * const watch = watchAfterJobs({ store, catalog }, rules, (line) => process.stderr.write(line + "\n"));
 * await watch.after(); // after each job commits
 */
export function watchAfterJobs(
  ctx: { readonly store: Store; readonly catalog: Catalog },
  rules: WatchRules,
  report: (run: WatchRun | Error) => void,
): { readonly after: () => Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  return {
    after: () => {
      chain = chain.then(async () => {
        try {
          report(await watchAndNotify(queryContext(ctx.store, ctx.catalog), rules));
        } catch (e) {
          report(e instanceof Error ? e : new Error(String(e)));
        }
      });
      return chain;
    },
  };
}
