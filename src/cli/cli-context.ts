import { defaultUpstream } from "../catalog/default-upstream.js";
import { checkDistros } from "../catalog/check-distros.js";
import { loadCatalog, type Catalog } from "../catalog/load-catalog.js";
import { type LoadedFact, loadFacts } from "../catalog/load-facts.js";
import { openStore } from "../store/open-store.js";
import { resolveDbPath } from "../store/resolve-db-path.js";
import { seedStore } from "../ingest/seed-store.js";
import type { Store } from "../store/store.js";
import { stableStringify } from "../format/stable-stringify.js";
import { withAnswerRefresh } from "./with-answer-refresh.js";

/** Options every command understands. */
export interface GlobalOptions {
  readonly db?: string;
  readonly catalog?: readonly string[];
}

/** Extra catalog folders: `--catalog` flags, else `ELSCOPE_CATALOG` (colon-separated). */
export function catalogDirs(opts: GlobalOptions): readonly string[] {
  if (opts.catalog !== undefined && opts.catalog.length > 0) return opts.catalog;
  const env = process.env["ELSCOPE_CATALOG"];
  return env === undefined || env === "" ? [] : env.split(":").filter((p) => p !== "");
}

const catalogs = new Map<string, Catalog>();

/** The catalog with `opts`' extra folders, read once per process (parsing its YAML takes ~100 ms). */
export function openCatalog(opts: GlobalOptions): Catalog {
  const dirs = catalogDirs(opts);
  const key = JSON.stringify(dirs);
  let catalog = catalogs.get(key);
  if (catalog === undefined) catalogs.set(key, (catalog = loadCatalog(dirs)));
  return catalog;
}

/** The facts dataset: the shipped one, or the folder `ELSCOPE_FACTS` names (a user's own, or a test's). */
export function openFacts(catalog: Catalog): readonly LoadedFact[] {
  const dir = process.env["ELSCOPE_FACTS"];
  return loadFacts(catalog, dir === undefined || dir === "" ? undefined : dir);
}

/**
 * Opens the store, runs `fn`, and closes the store whatever happens. The
 * default store (no --db, no ELSCOPE_DB) starts from the bundled snapshot.
 */
export async function withStore<T>(opts: GlobalOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const path = resolveDbPath(opts.db);
  const isDefault = (opts.db ?? "") === "" && (process.env["ELSCOPE_DB"] ?? "") === "";
  if (isDefault && (await seedStore(path))) {
    process.stderr.write(
      `elscope: new store at ${path}, seeded with the bundled snapshot of public data (see data/README.md); \`elscope update\` refreshes it\n`,
    );
  }
  const store = await openStore(path);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * withStore for a command that writes data of `distros` (`["*"]`: it cannot tell yet): the
 * answers kept for the dashboard are refreshed once its writes commit (withAnswerRefresh).
 *
 * @example
 * await withWritingStore(opts, ["almalinux"], (store) => syncAll(store));
 */
export function withWritingStore<T>(
  opts: GlobalOptions,
  distros: readonly string[],
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  return withStore(opts, (store) => {
    const catalog = openCatalog(opts);
    return withAnswerRefresh({ store, catalog, facts: openFacts(catalog) }, distros, () => fn(store));
  });
}

/** Writes JSON with sorted keys, so outputs are deterministic and diffable. */
export function printJson(value: unknown): void {
  process.stdout.write(stableStringify(value, "") + "\n");
}

/** The reference distribution: `--upstream` if given (checked against the catalog), else the catalog's upstream. */
export function upstreamOf(catalog: Catalog, given: string | undefined): string {
  if (given === undefined || given === "") return defaultUpstream(catalog);
  checkDistros(catalog, [given]);
  return given;
}
