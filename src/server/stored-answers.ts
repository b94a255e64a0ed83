import { createHash } from "node:crypto";
import { stableStringify } from "../format/stable-stringify.js";
import { type StoredAnswer, StoredAnswerStore } from "../store/stored-answer-store.js";
import type { Answer } from "./answer-cache.js";
import { answerKey } from "./answer-key.js";
import type { AppOptions } from "./app-options.js";
import { storedAnswerRequests } from "./stored-answer-requests.js";

/** How long a promised refresh lets readers keep the previous answer: longer is a command that died. */
const PROMISE_MS = 15 * 60_000;

/** What the `x-elscope-answer` header says of an answer. */
export type AnswerOrigin = "computed" | "stored" | "stored, refreshing";

/**
 * The answers of the requests the dashboard makes (storedAnswerRequests), kept in the store so
 * the first request after a sync is as fast as the next: the command that wrote the data
 * refreshes them once it commits (refreshStoredAnswers), and a request finds them there. An
 * answer is served while the data of the distributions it reads is unchanged (the scope's
 * fingerprint, and the catalog and facts it was computed with) on the day it was computed (facts
 * age); while a command that promised a refresh runs, the previous one is served, saying so.
 * Anything else is computed as before and kept. A store that cannot keep answers (read-only)
 * only loses the keeping.
 *
 * @example
 * const answer = await stored.answer(new URL(c.req.url), () => renderAnswer(value, "json"));
 */
export class StoredAnswers {
  readonly #answers: StoredAnswerStore;
  readonly #salt: string;

  constructor(private readonly opts: AppOptions) {
    this.#answers = new StoredAnswerStore(opts.store.db);
    // Another catalog or other facts answer differently: an answer is only theirs.
    this.#salt = createHash("sha256")
      .update(stableStringify({ catalog: opts.catalog, facts: opts.facts }, ""))
      .digest("hex")
      .slice(0, 16);
  }

  async answer(
    url: URL,
    make: () => Promise<Answer>,
    options: { readonly whileRefreshing?: boolean } = {},
  ): Promise<Answer & { readonly origin: AnswerOrigin }> {
    const key = answerKey(url);
    const scope = (await this.#requests()).get(key);
    if (scope === undefined) return { ...(await make()), origin: "computed" };
    const now = new Date();
    const current = `${this.#salt} ${await this.#answers.fingerprint(scope)}`;
    // The refreshing command's own app (answers: "refresh") always computes and keeps.
    if (this.opts.answers !== "refresh") {
      const kept = await this.#answers.get(key);
      if (kept !== null && kept.computedAt.slice(0, 10) === now.toISOString().slice(0, 10)) {
        if (kept.fingerprint === current) return { type: kept.type, body: kept.body, origin: "stored" };
        const since = new Date(now.getTime() - PROMISE_MS).toISOString();
        // Not kept in memory: the refreshed one replaces it as soon as it is written.
        if (options.whileRefreshing !== false && (await this.#answers.refreshing(scope, since)))
          return { type: kept.type, body: kept.body, origin: "stored, refreshing", transient: true };
      }
    }
    const fresh = await make();
    await this.#keep({
      key,
      scope,
      fingerprint: current,
      computedAt: now.toISOString(),
      type: fresh.type,
      body: fresh.body,
    });
    return { ...fresh, origin: "computed" };
  }

  async #keep(answer: StoredAnswer): Promise<void> {
    try {
      await this.#answers.put(answer);
    } catch {
      // A read-only or busy store still answers; the next refresh keeps it.
    }
  }

  async #requests(): Promise<ReadonlyMap<string, readonly string[]>> {
    const repos = await this.opts.store.listRepositories();
    return new Map(storedAnswerRequests(this.opts.catalog, repos).map((r) => [r.key, r.scope]));
  }
}
