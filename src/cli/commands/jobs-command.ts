import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { jobsQuery } from "../../jobs/jobs-query.js";
import { requirePostgresStore } from "../../jobs/require-postgres-store.js";
import { resolveDbPath } from "../../store/resolve-db-path.js";
import { type GlobalOptions, printJson, withStore } from "../cli-context.js";

/** `elscope jobs`: the queue's jobs with their times, key, retries and last error. */
export async function jobsCommand(opts: GlobalOptions & { json?: boolean; csv?: boolean }): Promise<void> {
  requirePostgresStore(resolveDbPath(opts.db), "jobs");
  await withStore(opts, async (store) => {
    const answer = await jobsQuery(store);
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) return void process.stdout.write(renderCsv(answer.rows.map((r) => ({ ...r }))));
    process.stdout.write(
      renderTable(answer.rows, [
        { header: "queue", value: (r) => r.queue },
        { header: "key", value: (r) => r.key ?? "" },
        { header: "state", value: (r) => r.state },
        { header: "created", value: (r) => r.createdAt },
        { header: "started", value: (r) => r.startedAt ?? "" },
        { header: "completed", value: (r) => r.completedAt ?? "" },
        { header: "retries", value: (r) => `${r.retryCount}/${r.retryLimit}`, align: "right" },
        { header: "last error", value: (r) => r.lastError ?? "" },
      ]),
    );
  });
}
