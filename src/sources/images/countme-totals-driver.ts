import { ParseError } from "../../errors/parse-error.js";
import type { ImageRecord } from "../../model/image-record.js";
import { readAll } from "../read-all.js";
import type { SourceDriver } from "../source-driver.js";

/**
 * DNF "countme" check-in totals, as Fedora's MirrorManager publishes them
 * (totals.csv: week_start, week_end, hits, os_name, os_version, os_variant,
 * os_arch, sys_age, repo_tag, repo_arch): weekly hits summed per OS name and
 * version, as "countme-hits" with the OS as subject.
 * Format: https://data-analysis.fedoraproject.org/csv-reports/countme/ (README)
 */
export const countmeTotalsDriver: SourceDriver<ImageRecord> = {
  kind: "countme-totals",
  family: "popularity",
  description: "DNF countme weekly check-in totals (CSV), summed per OS name and version",
  // Sums cannot be checked row by row: a file cut mid-line is refused; one cut at a line end
  // cannot be told from a shorter file.
  truncation: "line",
  async *parse(chunks, ctx) {
    const fail = (problem: string): never => {
      throw new ParseError(ctx.sourceId, problem, { file: ctx.file });
    };
    const text = (await readAll(chunks, 1 << 30, ctx)).toString("utf8");
    if (!text.endsWith("\n")) return fail("the file stops in the middle of a line (cut?)");
    const lines = text.split("\n");
    lines.pop();
    const header = (lines.shift() ?? "").replace(/\r$/, "").split(",");
    const col = (n: string): number => header.indexOf(n);
    const [week, hits, name, version] = [col("week_start"), col("hits"), col("os_name"), col("os_version")];
    if (week === -1 || hits === -1 || name === -1 || version === -1)
      return fail("the header must name week_start, hits, os_name and os_version");
    const sums = new Map<string, number>();
    const out: ImageRecord[] = [];
    lines.forEach((raw, i) => {
      const f = raw.replace(/\r$/, "").split(",");
      const date = (f[week] ?? "").slice(0, 10);
      const n = Number(f[hits]);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isFinite(n)) {
        if (raw.trim() !== "") out.push({ kind: "warning", message: `line ${i + 2}: not a week and a number of hits` });
        return;
      }
      const k = `${date}\u0000${f[name] ?? ""} ${f[version] ?? ""}`.trim();
      sums.set(k, (sums.get(k) ?? 0) + n);
    });
    if (sums.size === 0) return fail("no rows");
    for (const [k, value] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [date = "", subject = ""] = k.split("\u0000");
      out.push({ kind: "count", metric: "countme-hits", value, date, subject: subject.trim() });
    }
    yield out;
  },
};
