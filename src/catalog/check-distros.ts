import { UsageError } from "../errors/usage-error.js";
import type { Catalog } from "./load-catalog.js";

/**
 * Checks that every id is a catalog distribution; a UsageError names the known ones.
 *
 * @example
 * checkDistros(catalog, ["almalinux", "rocky"]);
 */
export function checkDistros(catalog: Catalog, ids: readonly string[]): void {
  for (const id of ids) {
    if (!catalog.distros.some((d) => d.id === id)) {
      throw new UsageError(
        "arguments",
        `no distribution "${id}"; known: ${catalog.distros.map((d) => d.id).join(", ")}`,
      );
    }
  }
}
