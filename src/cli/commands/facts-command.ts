import { factFreshness } from "../../analyze/fact-freshness.js";
import { UsageError } from "../../errors/usage-error.js";
import { STALE_DAYS } from "../../catalog/defaults.js";
import { type GlobalOptions, openCatalog, openFacts, printJson } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { checkDistros } from "../../catalog/check-distros.js";
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
  checkDistros(catalog, distros);
  const staleDays = Number(opts.staleDays ?? String(STALE_DAYS));
  if (!Number.isInteger(staleDays) || staleDays < 0)
    throw new UsageError("arguments", `--stale-days wants a whole number of days, got "${opts.staleDays}"`);
  const now = new Date();
  const facts = factFreshness(openFacts(catalog), now, staleDays).filter(
    (f) => distros.length === 0 || distros.includes(f.distro),
  );
  const value = (v: string | readonly string[]): string => (typeof v === "string" ? v : v.join("; "));
  if (opts.json === true) {
    printJson({
      asOf: now.toISOString(),
      staleDays,
      facts: facts.map((f) => ({ ...f, file: undefined })),
      stale: facts.filter((f) => f.status === "stale").length,
      unverified: facts.filter((f) => f.status === "unverified").length,
    });
    return;
  }
  if (opts.csv === true) {
    process.stdout.write(
      renderCsv(
        facts.map((f) => ({
          distro: f.distro,
          topic: f.topic,
          value: value(f.value),
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
      { header: "value", value: (f) => value(f.value) },
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
  const stale = facts.filter((f) => f.status === "stale").length;
  const unverified = facts.filter((f) => f.status === "unverified").length;
  process.stdout.write(
    `\n${facts.length} facts; ${stale} checked more than ${staleDays} days ago; ${unverified} never checked against their source\n`,
  );
}
