import type { FactStatus } from "../analyze/fact-freshness.js";
import type { FactTopic } from "../catalog/facts-schema.js";
import type { ScoreInput } from "./score-input.js";

/** Which fact scores which criterion, and what of it the rule reads. */
const FROM_FACTS: readonly {
  readonly criterion: string;
  readonly topic: FactTopic;
  readonly value: (f: FactStatus) => string;
  readonly input: (f: FactStatus) => string;
}[] = [
  {
    criterion: "documentation",
    topic: "documentation",
    value: (f) => (f.status === "unverified" ? "unverified" : "checked"),
    input: (f) => `${String(f.value)} (${f.status})`,
  },
  {
    criterion: "support with SLA",
    topic: "commercial-support",
    value: (f) => String(f.value),
    input: (f) => String(f.value),
  },
  {
    criterion: "professional services",
    topic: "professional-services",
    value: (f) => (f.status === "unverified" ? "unverified" : "checked"),
    input: (f) => String(f.value),
  },
];

/**
 * The scorecard inputs no section measures: those the rules read from sourced facts (the
 * documentation, commercial support and professional services), "no fact" where there is none.
 *
 * @example
 * factScoreInputs(facts, ["almalinux"]).find((i) => i.criterion === "documentation")?.value // "checked"
 */
export function factScoreInputs(facts: readonly FactStatus[], distros: readonly string[]): readonly ScoreInput[] {
  return distros.flatMap((d) =>
    FROM_FACTS.map(({ criterion, topic, value, input }): ScoreInput => {
      const f = facts.find((x) => x.distro === d && x.topic === topic);
      return f === undefined
        ? { distro: d, criterion, value: null, input: "no fact", provenance: null }
        : {
            distro: d,
            criterion,
            value: value(f),
            input: input(f),
            provenance: { source: f.source, asOf: f.checked === "unverified" ? null : f.checked },
          };
    }),
  );
}
