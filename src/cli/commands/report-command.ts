import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "../../errors/config-error.js";
import { UsageError } from "../../errors/usage-error.js";
import { buildReport } from "../../report/build-report.js";
import type { ReportModel } from "../../report/report-model.js";
import { StoredAnswers } from "../../server/stored-answers.js";
import { renderHtml } from "../../report/render-html.js";
import { renderMarkdown } from "../../report/render-markdown.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, openFacts, upstreamOf, withStore } from "../cli-context.js";
import { stableStringify } from "../../format/stable-stringify.js";
import { checkDistros } from "../../catalog/check-distros.js";
import { commaList } from "../../format/comma-list.js";
import { rebuildsOf } from "../../catalog/rebuilds-of.js";
import { readHostList } from "../../queries/sample-host-list.js";

export interface ReportOptions extends GlobalOptions {
  readonly rebuild?: string;
  /** The older spelling of `rebuild`. */
  readonly distros?: string;
  readonly upstream?: string;
  readonly out?: string;
  readonly format?: string;
  readonly hostList?: string;
  readonly asOf?: string;
}

const FORMATS = ["md", "html", "json"] as const;

/** `elscope report`: the whole comparison as Markdown, self-contained HTML and JSON files. */
export async function reportCommand(opts: ReportOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const upstream = upstreamOf(catalog, opts.upstream);
  const given = commaList(opts.rebuild ?? opts.distros);
  checkDistros(catalog, [upstream, ...given]);
  const distros = given.length > 0 ? given : rebuildsOf(catalog, upstream);
  if (distros.length === 0)
    throw new UsageError("arguments", `no distribution follows ${upstream}; name some with --rebuild`);
  const formats = commaList(opts.format ?? "md,html");
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f))
      throw new UsageError("arguments", `--format takes ${FORMATS.join(", ")}; not "${f}"`);
  }
  const dir = resolve(opts.out ?? "report");
  const facts = openFacts(catalog);
  const hostList = opts.hostList === undefined ? undefined : readHostList(resolve(opts.hostList));
  const asOf = asOfFlag(opts);
  const model = await withStore(opts, async (store): Promise<ReportModel> => {
    const build = () =>
      buildReport({
        catalog,
        store,
        facts,
        upstream,
        distros,
        now: new Date(),
        ...(asOf === undefined ? {} : { asOf }),
        ...(hostList === undefined ? {} : { hostList }),
      });
    // The default report is the dashboard's overview, kept in the store when data changes
    // (src/server/stored-answers.ts): read from there when it is fresh, kept there when not.
    // An as-of report is never the stored one: those answers are of the newest state only.
    if (given.length > 0 || (opts.upstream ?? "") !== "" || asOf !== undefined || hostList !== undefined)
      return build();
    let built: ReportModel | null = null;
    const stored = new StoredAnswers({ store, catalog, facts, token: null, update: () => Promise.resolve(null) });
    const answer = await stored.answer(
      new URL("http://elscope/api/report"),
      async () => {
        built = await build();
        return { type: "application/json; charset=utf-8", body: `${stableStringify(built, "")}\n` };
      },
      { whileRefreshing: false },
    );
    return built ?? (JSON.parse(answer.body) as ReportModel);
  });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new ConfigError("report", `cannot create the output folder: ${(e as Error).message}`, { file: dir });
  }
  const written: string[] = [];
  for (const f of formats) {
    const text =
      f === "md" ? renderMarkdown(model) : f === "html" ? renderHtml(model) : `${stableStringify(model, "")}\n`;
    const path = join(dir, `elscope-report.${f}`);
    // Written beside and renamed: a reader never sees half a report.
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
    written.push(path);
  }
  process.stdout.write(`${asOfLine(asOf)}${written.join("\n")}\n`);
}
