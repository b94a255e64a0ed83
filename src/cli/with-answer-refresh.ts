import type { Catalog } from "../catalog/load-catalog.js";
import type { LoadedFact } from "../catalog/load-facts.js";
import { escapeControl } from "../errors/escape-control.js";
import { StoredAnswerStore } from "../store/stored-answer-store.js";
import type { Store } from "../store/store.js";

/**
 * Runs `write`, which writes data of `distros` (`["*"]`: it cannot tell), then brings up to date
 * what is kept for readers of them: the source-build folds (refreshBuildFolds) and the answers
 * kept for the dashboard (src/server/stored-answers.ts). The answers are promised a refresh before
 * it runs, so a server keeps serving them meanwhile; both are computed anew once its writes have
 * committed, whether it succeeded or not (what it committed is in). A store that keeps neither
 * costs one query more. A failed refresh is one line on stderr: what it missed is computed on request.
 *
 * @example
 * await withAnswerRefresh({ store, catalog, facts }, ["almalinux"], () => syncAll(store));
 */
export async function withAnswerRefresh<T>(
  on: { readonly store: Store; readonly catalog: Catalog; readonly facts: readonly LoadedFact[] },
  distros: readonly string[],
  write: () => Promise<T>,
): Promise<T> {
  const answers = new StoredAnswerStore(on.store.db);
  const owner = `${process.pid} ${new Date().toISOString()} ${Math.random().toString(36).slice(2, 8)}`;
  const kept = (await answers.touching(distros)).length > 0;
  if (kept) await answers.promise(owner, distros, new Date());
  let wrote = false;
  try {
    const done = await write();
    wrote = true;
    return done;
  } finally {
    try {
      // Before the answers: theirs then read the folds made here.
      const { refreshBuildFolds } = await import("../queries/refresh-build-folds.js");
      await refreshBuildFolds(on.store, on.catalog, distros);
    } catch (e) {
      // A failed write has its own line; the store failing again for the folds adds none.
      if (wrote)
        process.stderr.write(
          `elscope: kept folds not refreshed (${escapeControl(e instanceof Error ? e.message : String(e))}); they are folded on request\n`,
        );
    }
    if (kept) {
      try {
        // Loaded only here: the server's routes are a large part of startup, and most writes keep no answers.
        const { refreshStoredAnswers } = await import("../server/refresh-stored-answers.js");
        const r = await refreshStoredAnswers({ ...on, token: null, update: () => Promise.resolve(null) }, distros, {
          owner,
        });
        if (r.failed > 0)
          process.stderr.write(
            `elscope: ${r.failed} kept answers could not be refreshed; they are computed on request\n`,
          );
      } catch (e) {
        process.stderr.write(
          `elscope: kept answers not refreshed (${e instanceof Error ? e.message : String(e)}); they are computed on request\n`,
        );
      }
    }
  }
}
