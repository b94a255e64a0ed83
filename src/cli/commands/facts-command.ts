import { factsQuery } from "../../queries/facts-query.js";
import { UsageError } from "../../errors/usage-error.js";
import { STALE_DAYS } from "../../catalog/defaults.js";
import { type GlobalOptions, openCatalog, openFacts, printJson } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { commaList } from "../../format/comma-list.js";
import { tmpdir } from "node:os";
import { EXIT_CODES } from "../../errors/exit-codes.js";
import { Fetcher } from "../../fetch/fetcher.js";
import { makeWorkDir, removeWorkDir } from "../../fetch/work-dir.js";
import { type FactsCheckAnswer, factsCheckQuery } from "../../queries/facts-check-query.js";
import { withStore } from "../cli-context.js";

export interface FactsOptions extends GlobalOptions {
  readonly distro?: string;
  readonly staleDays?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly check?: boolean;
  readonly fetch?: boolean;
}

/**
 * `elscope facts`: the sourced facts dataset, with old and unchecked facts flagged; with `--check`
 * only what wants checking again, exiting 7 (findings) when there is any.
 */
export async function factsCommand(opts: FactsOptions): Promise<number> {
  const catalog = openCatalog(opts);
  const distros = commaList(opts.distro);
  const staleDays = Number(opts.staleDays ?? String(STALE_DAYS));
  if (!Number.isInteger(staleDays) || staleDays < 0)
    throw new UsageError("arguments", `--stale-days wants a whole number of days, got "${opts.staleDays}"`);
  if (opts.fetch === true && opts.check !== true) throw new UsageError("arguments", "--fetch goes with --check");
  const params = { facts: openFacts(catalog), distros, staleDays, now: new Date() };
  if (opts.check === true) return checkFacts(opts, await checkAnswer(opts, catalog, params));
  const answer = factsQuery(catalog, params);
  const facts = answer.rows;
  if (opts.json === true) {
    printJson(answer);
    return EXIT_CODES.ok;
  }
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
    return EXIT_CODES.ok;
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
  return EXIT_CODES.ok;
}

/** The check's answer; with --fetch the pages are read live into a work folder, their hashes kept in the store. */
function checkAnswer(
  opts: FactsOptions,
  catalog: Parameters<typeof factsCheckQuery>[0],
  params: Parameters<typeof factsCheckQuery>[1],
): Promise<FactsCheckAnswer> {
  if (opts.fetch !== true) return factsCheckQuery(catalog, params);
  return withStore(opts, async (store) => {
    const workDir = await makeWorkDir(tmpdir());
    try {
      return await factsCheckQuery(catalog, params, { fetcher: new Fetcher({ attempts: 2 }), store, workDir });
    } finally {
      await removeWorkDir(workDir);
    }
  });
}

/** Prints what wants checking again; the exit code says whether anything does (7) or not (0). */
function checkFacts(opts: FactsOptions, answer: FactsCheckAnswer): number {
  const code = answer.attention ? EXIT_CODES.findings : EXIT_CODES.ok;
  if (opts.json === true) {
    printJson(answer);
    return code;
  }
  if (answer.stale.length > 0)
    process.stdout.write(
      renderTable(answer.stale, [
        { header: "distro", value: (f) => f.distro },
        { header: "topic", value: (f) => f.topic },
        { header: "checked", value: (f) => `${f.checked} (${f.ageDays} days)` },
        { header: "source", value: (f) => f.source },
      ]) + "\n",
    );
  const pages = (answer.pages ?? []).filter((p) => p.status !== "unchanged");
  if (pages.length > 0)
    process.stdout.write(
      renderTable(pages, [
        { header: "page", value: (p) => p.status.toUpperCase() },
        { header: "source", value: (p) => p.url },
        { header: "since", value: (p) => p.baselineReadAt?.slice(0, 10) ?? "" },
        { header: "facts", value: (p) => (p.problem === null ? p.facts.join(", ") : p.problem) },
      ]) + "\n",
    );
  const read =
    answer.pages === null
      ? "pages not fetched (--fetch reads them)"
      : `${answer.pages.length} pages read, ${answer.changed} changed since the check, ${answer.unreachable} unreachable`;
  process.stdout.write(
    `${answer.stale.length} facts checked more than ${answer.staleDays} days ago; ${answer.unverified} never checked; ${read}\n`,
  );
  return code;
}
