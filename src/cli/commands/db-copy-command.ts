import { existsSync } from "node:fs";
import { ConfigError } from "../../errors/config-error.js";
import { copyStore } from "../../store/copy-store.js";
import { storeLocation } from "../../store/store-location.js";
import { openStore } from "../../store/open-store.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { printJson } from "../cli-context.js";

/**
 * `elscope db copy --from <store> --to <store>`: moves a whole store between
 * SQLite and PostgreSQL (either way), into an empty target, and checks the
 * row count of every table on both sides.
 */
export async function dbCopyCommand(opts: { from: string; to: string; json?: boolean; csv?: boolean }): Promise<void> {
  // Opening a SQLite path creates the file: a mistyped source would be copied as an empty store.
  const source = storeLocation(opts.from);
  if (source.kind === "sqlite" && !existsSync(source.path))
    throw new ConfigError(
      "store",
      `no store at ${source.path}: --from names an existing SQLite file or a postgres:// URL`,
    );
  const from = await openStore(opts.from);
  try {
    const to = await openStore(opts.to);
    try {
      const tables = await copyStore(from, to);
      const answer = { from: from.location, to: to.location, tables, rows: tables.reduce((n, t) => n + t.to, 0) };
      if (opts.json === true) return printJson(answer);
      if (opts.csv === true) return void process.stdout.write(renderCsv(tables.map((t) => ({ ...t }))));
      process.stdout.write(
        renderTable(tables, [
          { header: "table", value: (t) => t.table },
          { header: "source rows", value: (t) => t.from, align: "right" },
          { header: "copied rows", value: (t) => t.to, align: "right" },
        ]),
      );
      process.stdout.write(
        `copied ${answer.rows} rows from ${answer.from} to ${answer.to}; every table's count matches\n`,
      );
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
