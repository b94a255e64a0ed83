import type { Catalog } from "../catalog/load-catalog.js";
import { checkDistros } from "../catalog/check-distros.js";
import { UsageError } from "../errors/usage-error.js";

/**
 * The distribution an import is about: `given` (--distro), else `fallback` (what the catalog
 * tells), checked against the catalog. `whose` says what --distro means for this kind.
 *
 * @example
 * importDistro(catalog, "osv", opts.distro, "whose advisories they are") // "almalinux"
 */
export function importDistro(
  catalog: Catalog,
  kind: string,
  given: string | undefined,
  whose: string,
  fallback?: string,
): string {
  const distro = given ?? fallback;
  if (distro === undefined) throw new UsageError("arguments", `importing ${kind} needs --distro (${whose})`);
  checkDistros(catalog, [distro]);
  return distro;
}
