import { ConfigError } from "../errors/config-error.js";
import { primaryDriver } from "./rpm-md/primary-driver.js";
import { repomdDriver } from "./rpm-md/repomd-driver.js";
import type { SourceDriver } from "./source-driver.js";

const DRIVERS: readonly SourceDriver[] = [primaryDriver, repomdDriver];

/** Every registered source kind, sorted by kind. */
export function listDrivers(): readonly SourceDriver[] {
  return [...DRIVERS].sort((a, b) => a.kind.localeCompare(b.kind));
}

/**
 * The driver registered for `kind`.
 *
 * @example
 * getDriver("rpm-md-primary").description
 */
export function getDriver(kind: string): SourceDriver {
  const d = DRIVERS.find((x) => x.kind === kind);
  if (d === undefined)
    throw new ConfigError("sources", `no source kind "${kind}"; known: ${DRIVERS.map((x) => x.kind).join(", ")}`);
  return d;
}
