import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import type { Store } from "../store/store.js";

/** What the server answers from, and the one thing it may do. */
export interface AppOptions {
  readonly store: Store;
  readonly catalog: Catalog;
  readonly facts: readonly LoadedFact[];
  /** The token a request that changes data must bear; none means nothing can be changed. */
  readonly token: string | null;
  /** Refreshes the live sources (elscope update); answers the per-source summary. */
  readonly update: () => Promise<unknown>;
  /**
   * With a job queue (`elscope serve --queue`): enqueues the update jobs instead of running them in
   * the request, answering their ids (null for one already waiting); POST /api/update then says 202.
   */
  readonly enqueueUpdate?: () => Promise<readonly (string | null)[]>;
  /** refresh: compute every kept answer anew and keep it (refreshStoredAnswers' own app). */
  readonly answers?: "serve" | "refresh";
}
