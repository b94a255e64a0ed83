import { defaultWatchRulesPath, loadWatchRules } from "../../catalog/load-watch-rules.js";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { escapeControl } from "../../errors/escape-control.js";
import type { AlertFiring } from "../../model/alert-firing.js";
import { type WatchRun, watchAndNotify } from "../../queries/notify-watch.js";
import { queryContext } from "../../queries/query-context.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";

/** One firing on one line: the figure with its measure, source, clock and as-of time. */
export function firingLine(state: "FIRING" | "RESOLVED", f: AlertFiring): string {
  return escapeControl(
    `${state} ${f.rule} ${f.subject}: ${f.message} [${f.figure} ${f.unit}, ${f.measure}; source: ${f.source}; clock: ${f.clock}; as of ${f.asOf ?? "unknown"}]`,
  );
}

/** Each failed delivery as one stderr line; the run's firings stand. */
export function reportDeliveries(run: WatchRun, who: string): void {
  for (const d of run.deliveries.filter((x) => x.status === "failed"))
    process.stderr.write(
      `${who}: ${d.kind} ${escapeControl(d.target)} failed after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}: ${escapeControl(d.error ?? "unknown")}\n`,
    );
}

/**
 * `elscope watch [--rules FILE] [--json]`: evaluates watch.yaml's rules against the store,
 * prints the new firings (and the resolved ones), sends them to its notify entries, and returns
 * 10 when any rule fired anew, else 0.
 */
export async function watchCommand(opts: GlobalOptions & { rules?: string; json?: boolean }): Promise<number> {
  const catalog = openCatalog(opts);
  const watch = loadWatchRules(opts.rules ?? defaultWatchRulesPath(), catalog);
  return withStore(opts, async (store) => {
    const run = await watchAndNotify(queryContext(store, catalog), watch);
    if (opts.json === true) printJson(run);
    else {
      const lines = [
        ...run.fired.map((f) => firingLine("FIRING", f)),
        ...run.resolved.map((f) => firingLine("RESOLVED", f)),
        ...run.unknown.map((u) => escapeControl(`UNKNOWN ${u.rule}: ${u.problem}`)),
        `${run.fired.length} new, ${run.resolved.length} resolved, ${run.open.length} open of ${run.rules} rules`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    reportDeliveries(run, "elscope watch");
    return run.fired.length > 0 ? EXIT_CODES.alerts : EXIT_CODES.ok;
  });
}
