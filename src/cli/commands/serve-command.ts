import { UsageError } from "../../errors/usage-error.js";
import { createApp } from "../../server/create-app.js";
import { type Listening, listen } from "../../server/listen.js";
import { warmStoredAnswers } from "../../server/warm-stored-answers.js";
import { withAnswerRefresh } from "../with-answer-refresh.js";
import { type GlobalOptions, openCatalog, openFacts, withStore } from "../cli-context.js";
import { runUpdate } from "../../ingest/run-update.js";
import { JobQueue } from "../../jobs/job-queue.js";
import { startScheduler } from "../../jobs/plan-jobs.js";
import { requirePostgresStore } from "../../jobs/require-postgres-store.js";
import { updateRequests } from "../../jobs/update-requests.js";
import { resolveDbPath } from "../../store/resolve-db-path.js";
import { planFilterOf, planLine } from "./schedule-command.js";

/**
 * `elscope serve`: the JSON API and the dashboard on loopback by default.
 * A token for the one request that changes data (POST /api/update) comes
 * from ELSCOPE_TOKEN, never from a flag, so it does not show in process lists.
 * With `--queue`, POST /api/update enqueues jobs for `elscope worker` instead of running them;
 * with `--schedule`, the process is also the scheduler. Both need a PostgreSQL store.
 * Runs until interrupted.
 */
export async function serveCommand(
  opts: GlobalOptions & { port?: string; host?: string; queue?: boolean; schedule?: boolean },
): Promise<void> {
  const port = Number(opts.port ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError("arguments", `--port wants 0-65535, got "${opts.port}"`);
  const host = opts.host ?? "127.0.0.1";
  const catalog = openCatalog(opts);
  const facts = openFacts(catalog);
  const token = process.env["ELSCOPE_TOKEN"];
  const db = resolveDbPath(opts.db);
  const queued = opts.queue === true || opts.schedule === true;
  if (queued) requirePostgresStore(db, "--queue and --schedule");
  await withStore(opts, async (store) => {
    const queue = queued ? await JobQueue.open(db, { schedule: opts.schedule === true }) : null;
    if (queue !== null && opts.schedule === true)
      await startScheduler(queue, catalog, store, planFilterOf({}), (o) => process.stderr.write(planLine(o)));
    const app = createApp({
      store,
      catalog,
      facts,
      token: token === undefined || token === "" ? null : token,
      update: async () => {
        const sources = await withAnswerRefresh({ store, catalog, facts }, ["*"], () => runUpdate(store, catalog, []));
        return { sources, failed: sources.filter((s) => s.status === "failed").length };
      },
      ...(queue !== null && opts.queue === true ? { enqueueUpdate: () => queue.enqueue(updateRequests(catalog)) } : {}),
    });
    let server: Listening;
    try {
      server = await listen(app, { host, port });
    } catch (e) {
      await queue?.stop();
      throw new UsageError(
        "arguments",
        `cannot listen on ${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    process.stdout.write(
      `elscope: serving the dashboard at http://${server.authority}/ and the API at http://${server.authority}/api/openapi.json\n`,
    );
    // The dashboard's answers kept in the store: computed now if missing or older than the data.
    const started = Date.now();
    void warmStoredAnswers(app, { store, catalog }).then(
      (w) =>
        process.stderr.write(
          `elscope: dashboard answers ready: ${w.stored} kept, ${w.computed} computed${w.failed > 0 ? `, ${w.failed} failed` : ""} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
        ),
      (e: unknown) =>
        process.stderr.write(
          `elscope: dashboard answers not prepared: ${e instanceof Error ? e.message : String(e)}\n`,
        ),
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => void server.close().then(resolve, resolve);
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    });
    await queue?.stop();
  });
}
