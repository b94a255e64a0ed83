import { ParseError } from "../../errors/parse-error.js";
import { csvFields } from "../../format/csv-fields.js";
import type { ImageRecord } from "../../model/image-record.js";
import { readAll } from "../read-all.js";
import type { SourceDriver } from "../source-driver.js";

const isDate = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));

/**
 * Any popularity time series, as CSV with a header naming at least `date`, `metric` and `value`
 * (optionally `subject`): ranking positions (DistroWatch), pulls, downloads, countme check-ins,
 * marketplace offer counts. Fields follow RFC 4180 (quotes around commas).
 *
 * Two forms. With a `source` column (and optionally `note`), every point names the page it was
 * read from: a point without a date, a source (an http(s) URL), a metric or a number is refused
 * with its line, and nothing of the file is stored, since a figure of unknown origin must not
 * reach a report. Without one, the points take the import's own source, and rows that are not a
 * date and a number are warnings. Either way a cut last row is dropped.
 */
export const popularityCsvDriver: SourceDriver<ImageRecord> = {
  kind: "popularity-csv",
  family: "popularity",
  description: "CSV time series: date, metric, value[, subject][, source, note]",
  truncation: "prefix",
  async *parse(chunks, ctx) {
    const fail = (problem: string): never => {
      throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
    };
    const lines = (await readAll(chunks, undefined, ctx)).toString("utf8").split("\n");
    const last = lines.pop() ?? "";
    const header = (csvFields((lines.shift() ?? "").replace(/\r$/, "")) ?? []).map((h) => h.trim().toLowerCase());
    const at = (name: string): number => header.indexOf(name);
    if (at("date") === -1 || at("metric") === -1 || at("value") === -1)
      return fail(
        `the header must name date, metric and value; it is ${JSON.stringify(header.join(",").slice(0, 80))}`,
      );
    const sourced = at("source") !== -1;
    const out: ImageRecord[] = [];
    lines.forEach((raw, i) => {
      const line = raw.replace(/\r$/, "");
      if (line.trim() === "") return;
      const n = i + 2;
      const f = (csvFields(line) ?? fail(`line ${n}: a quote is not closed`)).map((x) => x.trim());
      const get = (name: string): string => (at(name) === -1 ? "" : (f[at(name)] ?? ""));
      const [date, metric, text, subject] = [get("date"), get("metric"), get("value"), get("subject")];
      const value = text === "" ? NaN : Number(text);
      if (sourced) {
        const source = get("source");
        if (f.length !== header.length) fail(`line ${n}: ${f.length} fields, the header has ${header.length}`);
        if (date === "") fail(`line ${n}: no date (a point is as of the day its source states it)`);
        if (!isDate(date)) fail(`line ${n}: date ${JSON.stringify(date.slice(0, 40))} is not YYYY-MM-DD`);
        if (source === "") fail(`line ${n}: no source (a point names the page it was read from)`);
        if (!/^https?:\/\/[^\s/]+/.test(source))
          fail(`line ${n}: source ${JSON.stringify(source.slice(0, 80))} is not an http(s) URL`);
        if (metric === "") fail(`line ${n}: no metric`);
        if (!Number.isFinite(value) || value < 0)
          fail(`line ${n}: value ${JSON.stringify(text.slice(0, 40))} is not a number of 0 or more`);
        const note = get("note");
        out.push({ kind: "count", metric, value, date, subject, source, ...(note === "" ? {} : { note }) });
        return;
      }
      if (!isDate(date) || !Number.isFinite(value) || metric === "") {
        out.push({
          kind: "warning",
          message: `line ${n}: not a date, metric and number: ${JSON.stringify(line.slice(0, 80))}`,
        });
        return;
      }
      out.push({ kind: "count", metric, value, date, subject });
    });
    if (last.trim() !== "")
      out.push({ kind: "warning", message: `line ${lines.length + 2}: no newline at the end (cut?); dropped` });
    if (!out.some((r) => r.kind === "count")) return fail("no rows");
    yield out;
  },
};
