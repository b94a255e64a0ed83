import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { ConfigError } from "../errors/config-error.js";

/** The snapshot built by scripts/build-bundle.sh from the real public data in shared/data. */
export const BUNDLED_SNAPSHOT = fileURLToPath(new URL("../../../data/snapshot.db.gz", import.meta.url));

/**
 * Creates a store at `path` from the bundled snapshot, when there is no store
 * there yet, so that a fresh machine has real figures (each with its own
 * source and as-of time) before any network access. Returns whether it did.
 *
 * @example
 * if (seedStore("/home/me/.local/share/elscope/elscope.db")) console.error("seeded");
 */
export function seedStore(path: string, snapshot = BUNDLED_SNAPSHOT): boolean {
  if (existsSync(path) || !existsSync(snapshot)) return false;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written beside and renamed: a store is either whole or absent.
    writeFileSync(`${path}.seeding`, gunzipSync(readFileSync(snapshot)));
    renameSync(`${path}.seeding`, path);
  } catch (e) {
    throw new ConfigError("store", `cannot seed the store from the bundled snapshot: ${(e as Error).message}`, {
      file: path,
    });
  }
  return true;
}
