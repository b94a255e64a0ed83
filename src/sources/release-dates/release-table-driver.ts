import { ParseError } from "../../errors/parse-error.js";
import type { ParseContext, SourceDriver } from "../source-driver.js";
import { markdownTableRows } from "./markdown-table-rows.js";
import { parseHumanDate } from "./parse-date.js";
import { readAll } from "../read-all.js";
import type { ReleaseDateRecord } from "../../model/release-date-record.js";

/** Which columns of a distribution's Markdown release table hold the version and the dates. */
interface TableShape {
  readonly kind: string;
  readonly description: string;
  readonly versionColumns: readonly string[];
  readonly gaColumn: string;
  readonly betaColumn?: string;
}

function tableDriver(shape: TableShape): SourceDriver<ReleaseDateRecord> {
  async function* parse(
    chunks: AsyncIterable<Uint8Array>,
    ctx: ParseContext,
  ): AsyncGenerator<readonly ReleaseDateRecord[]> {
    const rows = markdownTableRows((await readAll(chunks, undefined, ctx)).toString("utf8"));
    const out: ReleaseDateRecord[] = [];
    let tables = 0;
    for (const row of rows) {
      const versionCell = shape.versionColumns.map((c) => row[c]).find((v) => v !== undefined);
      if (versionCell === undefined || row[shape.gaColumn] === undefined) continue;
      tables++;
      // Only a cell that is a release number counts ("9.4", "9.4 (beta)"); "Kitten 10" is another product.
      const release = /^(\d+(?:\.\d+)?)\b/.exec(versionCell)?.[1];
      if (release === undefined) {
        out.push({ kind: "warning", message: `row "${versionCell}": no release number; skipped` });
        continue;
      }
      for (const [column, stage] of [
        [shape.gaColumn, "ga"],
        [shape.betaColumn, "beta"],
      ] as const) {
        if (column === undefined) continue;
        const cell = row[column] ?? "";
        if (cell === "" || /^(tba|tbd|n\/a|-)$/i.test(cell)) continue;
        const date = parseHumanDate(cell);
        if (date === null)
          out.push({
            kind: "warning",
            message: `${release}: malformed ${stage === "ga" ? "release" : "beta"} date "${cell}"; skipped`,
          });
        else out.push({ kind: "release-date", release, date, stage });
      }
    }
    if (tables === 0)
      throw new ParseError(
        ctx.sourceId,
        `no release table with columns ${shape.versionColumns.join("/")} and "${shape.gaColumn}"`,
        { file: ctx.file },
      );
    yield out;
  }
  return { kind: shape.kind, family: "release-dates", description: shape.description, truncation: "prefix", parse };
}

/** The AlmaLinux wiki's release notes table (docs/release-notes/README.md). */
export const almalinuxReleaseNotesDriver = tableDriver({
  kind: "almalinux-release-notes",
  description: "AlmaLinux wiki release notes table (release and beta dates)",
  versionColumns: ["release"],
  gaColumn: "release date",
  betaColumn: "beta date",
});

/** The Rocky Linux wiki's version tables (docs/rocky/version.md). */
export const rockyVersionTableDriver = tableDriver({
  kind: "rocky-version-table",
  description: "Rocky Linux wiki version tables (release dates)",
  versionColumns: ["version"],
  gaColumn: "release date",
});
