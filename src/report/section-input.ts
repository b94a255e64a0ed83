import type { FactStatus } from "../analyze/fact-freshness.js";
import type { Catalog } from "../catalog/load-catalog.js";
import type { QueryContext } from "../queries/query-context.js";
import type { HostList } from "../queries/sample-host-list.js";
import type { StoredRepository } from "../model/stored-repository.js";

/**
 * What every section reads, prepared once per report and never changed by a section: sections
 * that need the same measurement ask the same query, and the context's memo reads it once.
 *
 * @example
 * const result = await mirrorsSection({ catalog, upstream: "rhel", distros: ["almalinux"], all: ["rhel", "almalinux"], facts, repos, ctx });
 */
export interface SectionInput {
  readonly catalog: Catalog;
  readonly upstream: string;
  /** The distributions compared with the upstream, as asked. */
  readonly distros: readonly string[];
  /** The upstream first, then the others: the rows of the tables that show every distribution. */
  readonly all: readonly string[];
  /** The facts with how fresh their checks are. */
  readonly facts: readonly FactStatus[];
  /** The store's repositories, as listed once for the whole report. */
  readonly repos: readonly StoredRepository[];
  /** One per report, so the builds parity and update lag share are read once. */
  readonly ctx: QueryContext;
  /** The host the migration section checks; omitted, the sample in data/hosts/. */
  readonly hostList?: HostList;
}
