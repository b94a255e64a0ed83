import type { FactStatus } from "../analyze/fact-freshness.js";
import type { FactTopic } from "../catalog/facts-schema.js";
import type { NoData } from "./report-model.js";

/**
 * A "no data" entry for every distribution that has no fact of a topic, naming the facts file
 * to add it to: a missing claim is shown as missing, never passed over.
 *
 * @example
 * missingFacts(["build-system"], facts, ["oracle"]) // [{ what: "oracle: build-system", command: 'add a "build-system" fact to facts/oracle.yaml (...)' }]
 */
export function missingFacts(
  topics: readonly FactTopic[],
  facts: readonly FactStatus[],
  distros: readonly string[],
): NoData[] {
  return distros.flatMap((d) =>
    topics
      .filter((t) => !facts.some((f) => f.distro === d && f.topic === t))
      .map((t) => ({
        what: `${d}: ${t}`,
        command: `add a "${t}" fact to facts/${d}.yaml (with its source and check date)`,
      })),
  );
}
