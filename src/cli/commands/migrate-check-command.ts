import { readFile, stat } from "node:fs/promises";
import { UsageError } from "../../errors/usage-error.js";
import { escapeControl } from "../../errors/escape-control.js";
import { commaList } from "../../format/comma-list.js";
import { renderCsv } from "../../format/render-csv.js";
import { renderTable } from "../../format/render-table.js";
import { type MigrateCheckAnswer, migrateCheckQuery } from "../../queries/migrate-check-query.js";
import { queryContext } from "../../queries/query-context.js";
import { type GlobalOptions, openCatalog, openFacts, printJson, withStore } from "../cli-context.js";

export interface MigrateCheckOptions extends GlobalOptions {
  readonly installed?: string;
  readonly to?: string;
  readonly from?: string;
  readonly drivers?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
}

/** A host list larger than this is no host's list. */
const MAX_LIST_BYTES = 64 << 20;

const pct = (x: number | null): string => (x === null ? "unknown" : `${(x * 100).toFixed(1)}%`);

/** Reads the host's list, or a UsageError naming the file. */
export async function readHostList(path: string, option: string): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError("arguments", `${option} ${path}: not a file`);
    if (s.size > MAX_LIST_BYTES) throw new UsageError("arguments", `${option} ${path}: over 64 MiB, no host's list`);
    return await readFile(path, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError("arguments", `${option} ${path}: ${(e as Error).message}`);
  }
}

/** The human form: a summary per target (blockers first), then the packages that do not move unchanged. */
function renderText(a: MigrateCheckAnswer): string {
  const lines: string[] = [];
  lines.push(
    `Host: ${a.installedPackages} packages (${a.format}), from ${a.source.distro}:${a.source.release ?? a.source.major} (${a.source.knownFrom})`,
  );
  for (const s of a.summaries) {
    const distro = s.target.split(":")[0] ?? "";
    lines.push(
      `\n${s.target} (as of ${a.asOf[distro] ?? "unknown"}): ${pct(s.unchangedShare)} unchanged, ${pct(s.availableShare)} available`,
    );
    if (s.blockers.length > 0) lines.push(`  blockers (${s.blockers.length}):`, ...s.blockers.map((b) => `    ${b}`));
    for (const t of a.tools.filter((x) => x.target === s.target)) {
      const verdict = t.applies === null ? "unknown" : t.applies ? "applies" : "does not apply";
      const checks = t.prerequisites.map(
        (p) => `${p.check}: ${p.met === null ? "unknown" : p.met ? "met" : "not met"}`,
      );
      lines.push(`  ${t.kind} with ${t.tool}: ${verdict} (${checks.join("; ")}) [${t.source}]`);
    }
  }
  lines.push("");
  const moved = a.rows.filter((r) => r.status !== "same-build");
  lines.push(
    renderTable(moved, [
      { header: "target", value: (r) => r.target },
      { header: "installed", value: (r) => r.installed },
      { header: "status", value: (r) => r.status },
      { header: "target build", value: (r) => r.targetBuild ?? "none" },
      { header: "repository", value: (r) => r.targetRepo ?? "" },
      { header: "source", value: (r) => r.source },
      { header: "detail", value: (r) => r.detail ?? "" },
    ]),
  );
  const devices = a.drivers.filter((d) => d.status !== "not-listed" && d.status !== "maintained");
  if (devices.length > 0)
    lines.push(
      renderTable(devices, [
        { header: "target", value: (d) => d.target },
        { header: "driver or device", value: (d) => `${d.kind} ${d.id}` },
        { header: "status", value: (d) => d.status },
        { header: "deprecation data", value: (d) => d.detail ?? "" },
      ]),
    );
  lines.push(`Sources: ${a.sources.join("; ")}`);
  return lines.join("\n") + "\n";
}

/** `elscope migrate-check`: what each installed package becomes on each target, and what blocks. */
export async function migrateCheckCommand(opts: MigrateCheckOptions): Promise<void> {
  if (opts.installed === undefined) throw new UsageError("arguments", "--installed <file> is needed");
  const to = commaList(opts.to);
  if (to.length === 0) throw new UsageError("arguments", "--to wants at least one target, e.g. almalinux:9");
  const installed = await readHostList(opts.installed, "--installed");
  const catalog = openCatalog(opts);
  await withStore(opts, async (store) => {
    const facts = openFacts(catalog);
    const drivers = opts.drivers === undefined ? {} : { drivers: await readHostList(opts.drivers, "--drivers") };
    const from = opts.from === undefined ? {} : { from: opts.from };
    const params = { installed, to, facts, ...drivers, ...from };
    const answer = await migrateCheckQuery(queryContext(store, catalog), params);
    for (const b of answer.badLines)
      process.stderr.write(
        escapeControl(`elscope: ${opts.installed}:${b.line}: not read (${b.reason}): ${b.text}`) + "\n",
      );
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) return void process.stdout.write(renderCsv(answer.rows.map((r) => ({ ...r }))));
    process.stdout.write(renderText(answer));
  });
}
