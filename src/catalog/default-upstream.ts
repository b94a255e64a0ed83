import { ConfigError } from "../errors/config-error.js";
import type { Catalog } from "./load-catalog.js";

/**
 * The reference distribution when none is named: the catalog's one `role: upstream` entry,
 * so the default follows the data rather than a literal.
 *
 * @example
 * defaultUpstream(catalog) // "rhel"
 */
export function defaultUpstream(catalog: Catalog): string {
  const ups = catalog.distros.filter((d) => d.role === "upstream");
  const first = ups[0];
  if (first === undefined)
    throw new ConfigError("catalog", "no distribution has role: upstream; name one with --upstream");
  return first.id;
}
