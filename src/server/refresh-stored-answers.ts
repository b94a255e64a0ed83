import { StoredAnswerStore } from "../store/stored-answer-store.js";
import type { AppOptions } from "./app-options.js";
import { createApp } from "./create-app.js";
import { storedAnswerRequests } from "./stored-answer-requests.js";

/** What a refresh did: answers computed and kept, and those that failed (kept as they were). */
export interface RefreshOutcome {
  readonly refreshed: number;
  readonly failed: number;
}

/**
 * Computes anew the kept answers (StoredAnswers) that read any of `changed` (`["*"]`: every one)
 * and keeps them, then fulfils `owner`'s promise. Run by the command that wrote the data, after
 * its writes commit: the answers are computed by the server's own routes (an in-process app, no
 * HTTP), so they are byte for byte what a request would get. Only answers already kept are
 * refreshed (warmStoredAnswers, at `elscope serve`'s start, keeps the others), so a store nobody
 * serves costs its syncs nothing.
 *
 * @example
 * await refreshStoredAnswers(opts, ["almalinux"], { owner: "sync 1234" });
 */
export async function refreshStoredAnswers(
  opts: Omit<AppOptions, "answers">,
  changed: readonly string[],
  options: { readonly owner: string },
): Promise<RefreshOutcome> {
  const answers = new StoredAnswerStore(opts.store.db);
  try {
    // The kept answers that read a changed distribution, of the requests still made (a repository
    // no longer synced drops its badges).
    const touched = new Set((await answers.touching(changed)).map((a) => a.key));
    const requests = storedAnswerRequests(opts.catalog, await opts.store.listRepositories()).filter((r) =>
      touched.has(r.key),
    );
    if (requests.length === 0) return { refreshed: 0, failed: 0 };
    const app = createApp({ ...opts, answers: "refresh" });
    let refreshed = 0;
    let failed = 0;
    for (const r of requests) {
      const res = await app.request(r.key);
      await res.arrayBuffer();
      // A 404 is "no data yet": nothing to keep; the request answers it as fast as before.
      if (res.ok) refreshed++;
      else if (res.status >= 500) failed++;
    }
    return { refreshed, failed };
  } finally {
    await answers.fulfil(options.owner);
  }
}
