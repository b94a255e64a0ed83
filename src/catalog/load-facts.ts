import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors/config-error.js";
import { type Fact, factsFileSchema } from "./facts-schema.js";
import type { Catalog } from "./load-catalog.js";
import { readYamlFile } from "./read-yaml-file.js";

/** The facts dataset shipped with elscope. */
export const BUILTIN_FACTS_DIR = fileURLToPath(new URL("../../../facts/", import.meta.url));

/** A fact with its distribution and the file that states it. */
export interface LoadedFact extends Fact {
  readonly distro: string;
  readonly file: string;
}

/**
 * Reads and validates every facts file (one per distribution, named after
 * it); each must be about a catalog distribution.
 *
 * @example
 * loadFacts(catalog).filter((f) => f.topic === "build-system")
 */
export function loadFacts(catalog: Catalog, dir = BUILTIN_FACTS_DIR): readonly LoadedFact[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (e) {
    throw new ConfigError("facts", `cannot read the facts folder: ${(e as Error).message}`, { file: dir });
  }
  const out: LoadedFact[] = [];
  for (const n of names) {
    const file = join(dir, n);
    const f = readYamlFile(file, factsFileSchema, "facts");
    if (basename(n).replace(/\.ya?ml$/, "") !== f.distro) {
      throw new ConfigError("facts", `distro: "${f.distro}" must match the file name`, { file });
    }
    if (!catalog.distros.some((d) => d.id === f.distro)) {
      throw new ConfigError("facts", `distro: "${f.distro}" is not a distribution in the catalog`, { file });
    }
    for (const fact of f.facts) out.push({ ...fact, distro: f.distro, file });
  }
  return out;
}
