import type { FactStatus } from "../analyze/fact-freshness.js";
import type { FactTopic } from "../catalog/facts-schema.js";
import type { ReportTable } from "./report-model.js";

/**
 * The sourced facts of some topics as a table, per distribution in the order given, each with
 * its check date (or "unverified", and "(stale)" when the check is old) and its source.
 *
 * @example
 * factTable("Migration tools", ["migration-tooling"], facts, ["rhel", "almalinux"])
 */
export function factTable(
  title: string,
  topics: readonly FactTopic[],
  facts: readonly FactStatus[],
  distros: readonly string[],
): ReportTable {
  const rows = distros.flatMap((d) =>
    topics.flatMap((t) =>
      facts
        .filter((f) => f.distro === d && f.topic === t)
        .map((f) => [
          d,
          t,
          typeof f.value === "string" ? f.value : f.value.join("; "),
          f.status === "unverified" ? "unverified" : `${f.checked}${f.status === "stale" ? " (stale)" : ""}`,
          f.source,
        ]),
    ),
  );
  return { title, headers: ["distribution", "topic", "fact", "checked", "source"], rows };
}
