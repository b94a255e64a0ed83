import { ParseError } from "../../errors/parse-error.js";
import type { ImageRecord } from "../../model/image-record.js";
import { readAll } from "../read-all.js";
import type { SourceDriver } from "../source-driver.js";

/**
 * Any popularity time series a user has, as CSV with a header naming at
 * least `date`, `metric` and `value` (and optionally `subject`): ranking
 * positions (DistroWatch), pulls, downloads, countme check-ins. Rows that are
 * not a date and a number are warnings; a cut last row is dropped.
 */
export const popularityCsvDriver: SourceDriver<ImageRecord> = {
  kind: "popularity-csv",
  family: "popularity",
  description: "CSV time series: date, metric, value[, subject]",
  truncation: "prefix",
  async *parse(chunks, ctx) {
    const fail = (problem: string): never => {
      throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
    };
    const lines = (await readAll(chunks, undefined, ctx)).toString("utf8").split("\n");
    const last = lines.pop() ?? "";
    const header = (lines.shift() ?? "")
      .replace(/\r$/, "")
      .split(",")
      .map((h) => h.trim().toLowerCase());
    const at = (name: string): number => header.indexOf(name);
    if (at("date") === -1 || at("metric") === -1 || at("value") === -1)
      return fail(
        `the header must name date, metric and value; it is ${JSON.stringify(header.join(",").slice(0, 80))}`,
      );
    const out: ImageRecord[] = [];
    lines.forEach((raw, i) => {
      const line = raw.replace(/\r$/, "");
      if (line.trim() === "") return;
      const f = line.split(",").map((x) => x.trim());
      const date = f[at("date")] ?? "";
      const value = Number(f[at("value")]);
      const metric = f[at("metric")] ?? "";
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
        Number.isNaN(Date.parse(date)) ||
        !Number.isFinite(value) ||
        metric === ""
      ) {
        out.push({
          kind: "warning",
          message: `line ${i + 2}: not a date, metric and number: ${JSON.stringify(line.slice(0, 80))}`,
        });
        return;
      }
      out.push({ kind: "count", metric, value, date, subject: at("subject") === -1 ? "" : (f[at("subject")] ?? "") });
    });
    if (last.trim() !== "")
      out.push({ kind: "warning", message: `line ${lines.length + 2}: no newline at the end (cut?); dropped` });
    if (!out.some((r) => r.kind === "count")) return fail("no rows");
    yield out;
  },
};
