import { factsQuery } from "../../queries/facts-query.js";
import { UsageError } from "../../errors/usage-error.js";
import { STALE_DAYS } from "../../catalog/defaults.js";
import { type GlobalOptions, openCatalog, openFacts, printJson } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";

export interface FactsOptions extends GlobalOptions {
  readonly distro?: string;
  readonly staleDays?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

/** `elscope facts`: the sourced facts dataset, with old and unchecked facts flagged. */
export function factsCommand(opts: FactsOptions): void {
  const catalog = openCatalog(opts);
  const distros = commaList(opts.distro);
  const staleDays = Number(opts.staleDays ?? String(STALE_DAYS));
  if (!Number.isInteger(staleDays) || staleDays < 0)
    throw new UsageError("arguments", `--stale-days wants a whole number of days, got "${opts.staleDays}"`);
  const answer = factsQuery(catalog, { facts: openFacts(catalog), distros, staleDays, now: new Date() });
  const facts = answer.rows;
  if (opts.json === true) return printJson(answer);
  if (opts.csv === true) {
    process.stdout.write(
      renderCsv(
        facts.map((f) => ({
          distro: f.distro,
          topic: f.topic,
          value: f.value,
          source: f.source,
          checked: f.checked,
          status: f.status,
          ageDays: f.ageDays,
          evidence: f.evidence ?? null,
        })),
      ),
    );
    return;
  }
  process.stdout.write(
    renderTable(facts, [
      { header: "distro", value: (f) => f.distro },
      { header: "topic", value: (f) => f.topic },
      { header: "value", value: (f) => f.value },
      {
        header: "checked",
        value: (f) =>
          f.status === "stale"
            ? `${f.checked} (STALE, ${f.ageDays} days)`
            : f.status === "unverified"
              ? "UNVERIFIED"
              : f.checked,
      },
      { header: "source", value: (f) => f.source },
    ]),
  );
  const { stale, unverified } = answer;
  process.stdout.write(
    `\n${facts.length} facts; ${stale} checked more than ${staleDays} days ago; ${unverified} never checked against their source\n`,
  );
}
