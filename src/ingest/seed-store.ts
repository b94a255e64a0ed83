import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors/config-error.js";
import { ElscopeError } from "../errors/elscope-error.js";
import { decompressFile } from "../sources/decompress.js";

/** The snapshot built by scripts/build-bundle.sh from the real public data in shared/data (xz: it stays small in git). */
export const BUNDLED_SNAPSHOT = fileURLToPath(new URL("../../../data/snapshot.db.xz", import.meta.url));

/**
 * Creates a store at `path` from the bundled snapshot, when there is no store
 * there yet, so that a fresh machine has real figures (each with its own
 * source and as-of time) before any network access. Returns whether it did.
 *
 * @example
 * if (await seedStore("/home/me/.local/share/elscope/elscope.db")) console.error("seeded");
 */
export async function seedStore(path: string, snapshot = BUNDLED_SNAPSHOT): Promise<boolean> {
  if (existsSync(path) || !existsSync(snapshot)) return false;
  const partial = `${path}.seeding`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written beside and renamed: a store is either whole or absent.
    await pipeline(decompressFile(snapshot, { sourceId: "snapshot", file: snapshot }), createWriteStream(partial));
    await rename(partial, path);
  } catch (e) {
    await rm(partial, { force: true });
    const why = e instanceof ElscopeError ? e.problem : (e as Error).message;
    throw new ConfigError("store", `cannot seed the store from the bundled snapshot: ${why}`, { file: path });
  }
  return true;
}
