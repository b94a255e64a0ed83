import type { ReportSection } from "./report-model.js";
import { names } from "./verdict.js";

/** One gap of the report: what is missing, for which distributions, and the command that fills it. */
export interface Completion {
  readonly what: string;
  readonly for: readonly string[];
  readonly command: string;
  /** The section that would show it. */
  readonly section: string;
}

/**
 * Every section's "no data" entries as one list, in the report's order, each once: what, for
 * whom (the distributions it names), and the command, so a reader sees in one place what would
 * complete the report.
 *
 * @example
 * completions(model.sections, ["rhel", "rocky"])[0] // { what: "rocky mirror list", for: ["rocky"], command: "elscope update --distro rocky ...", section: "mirrors" }
 */
export function completions(sections: readonly ReportSection[], all: readonly string[]): Completion[] {
  const seen = new Set<string>();
  return sections.flatMap((s) =>
    s.noData.flatMap((n) => {
      const key = `${n.what}\u0000${n.command}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          what: n.what,
          for: all.filter((d) => names(n.what, d) || names(n.command, d)),
          command: n.command,
          section: s.id,
        },
      ];
    }),
  );
}
