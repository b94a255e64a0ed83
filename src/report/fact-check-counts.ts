import type { FactStatus } from "../analyze/fact-freshness.js";
import type { ReportTable } from "./report-model.js";

/**
 * How many of each distribution's facts were checked against their page and how many never were,
 * and the same for all of them. Checked counts every check, old or new: whether a check is stale
 * depends on the day the report is made, which the fact tables mark.
 *
 * @example
 * factCheckCounts(facts, ["almalinux", "rocky"]).rows.at(-1) // ["all", 39, 36, 3]
 */
export function factCheckCounts(facts: readonly FactStatus[], distros: readonly string[]): ReportTable {
  const row = (name: string, of: readonly FactStatus[]) => {
    const unverified = of.filter((f) => f.status === "unverified").length;
    return [name, of.length, of.length - unverified, unverified];
  };
  return {
    title: "Facts checked against their page",
    headers: ["distribution", "facts", "checked", "unverified"],
    rows: [
      ...distros.map((d) =>
        row(
          d,
          facts.filter((f) => f.distro === d),
        ),
      ),
      row(
        "all",
        facts.filter((f) => distros.includes(f.distro)),
      ),
    ],
  };
}
