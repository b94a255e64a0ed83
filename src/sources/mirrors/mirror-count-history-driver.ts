import { ParseError } from "../../errors/parse-error.js";
import type { MirrorRecord } from "../../model/mirror-record.js";
import { readAll } from "../read-all.js";
import type { SourceDriver } from "../source-driver.js";

/** A mirror count at a date, from a time series rather than from a full list. */
export type MirrorCountRecord =
  | { readonly kind: "count"; readonly date: string; readonly mirrors: number }
  | Extract<MirrorRecord, { kind: "warning" }>;

/**
 * A CSV time series of mirror counts: a header, then `date,count` rows with
 * ISO dates (e.g. count-history.csv, derived from AlmaLinux/mirrors' git
 * history: `month_first_commit_date,mirrors_d_files`). Rows that are not a
 * date and a whole number are warnings; a last row without its newline was
 * cut and is dropped.
 */
export const mirrorCountHistoryDriver: SourceDriver<MirrorCountRecord> = {
  kind: "mirror-count-history",
  family: "mirrors",
  description: "CSV time series of mirror counts: date,count",
  truncation: "prefix",
  async *parse(chunks, ctx) {
    const fail = (problem: string): never => {
      throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
    };
    const text = (await readAll(chunks, undefined, ctx)).toString("utf8");
    const lines = text.split("\n");
    const last = lines.pop() ?? "";
    const header = lines.shift()?.trim() ?? "";
    if (!/^[a-z_ ]+,[a-z_ ]+$/i.test(header))
      return fail(`the first line is not a "date,count" header: ${JSON.stringify(header.slice(0, 60))}`);
    const out: MirrorCountRecord[] = [];
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line === "") return;
      const m = /^(\d{4}-\d{2}-\d{2}),(\d{1,7})$/.exec(line);
      const date = m?.[1];
      if (m === null || date === undefined || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        out.push({ kind: "warning", message: `line ${i + 2}: not "date,count": ${JSON.stringify(line.slice(0, 60))}` });
      } else out.push({ kind: "count", date, mirrors: Number(m[2]) });
    });
    if (last.trim() !== "")
      out.push({ kind: "warning", message: `line ${lines.length + 2}: no newline at the end (cut?); dropped` });
    if (!out.some((r) => r.kind === "count")) return fail("no date,count rows");
    yield out;
  },
};
