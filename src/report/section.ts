import type { ReportSection } from "./report-model.js";

/**
 * A report section from the parts it has: what it leaves out is empty, so every renderer can
 * walk every part without asking whether it is there.
 *
 * @example
 * section("popularity", "Popularity", { noData: [{ what: "popularity series", command: "elscope import ..." }] })
 */
export function section(id: string, title: string, parts: Partial<Omit<ReportSection, "id" | "title">>): ReportSection {
  return {
    id,
    title,
    text: parts.text ?? [],
    tables: parts.tables ?? [],
    charts: parts.charts ?? [],
    noData: parts.noData ?? [],
    provenance: parts.provenance ?? [],
  };
}
