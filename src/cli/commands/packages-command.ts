import { renderCsv } from "../../format/render-csv.js";
import { UsageError } from "../../errors/usage-error.js";
import { queryFormat, queryFormatTags } from "../../format/query-format.js";
import { renderTable } from "../../format/render-table.js";
import { type PackageRow, packagesQuery } from "../../queries/packages-query.js";
import { queryContext } from "../../queries/query-context.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";

export interface PackagesOptions extends GlobalOptions {
  readonly name?: string;
  readonly qf?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly asOf?: string;
}

/** Seconds since the epoch, as rpm prints `%{buildtime}`; rpm's `(none)` when unknown. */
const seconds = (iso: string | null): string => (iso === null ? "(none)" : String(Math.floor(Date.parse(iso) / 1000)));

/** The tags `--qf` knows, in the order the help and errors list them. */
const PACKAGE_TAGS = [
  "name",
  "epoch",
  "version",
  "release",
  "arch",
  "evr",
  "nevra",
  "sourcerpm",
  "summary",
  "buildtime",
  "filetime",
  "location",
  "checksum",
  "repoid",
] as const;

/**
 * The tags `--qf` knows: rpm's names for what the store keeps (`%{epoch}` is 0 when none, as
 * dnf prints it), and dnf's `evr`, `nevra`, `location` and `repoid`.
 */
export function packageTags(r: PackageRow): Readonly<Record<(typeof PACKAGE_TAGS)[number], string>> {
  const evr = `${r.epoch > 0 ? `${r.epoch}:` : ""}${r.version}-${r.release}`;
  return {
    name: r.name,
    epoch: String(r.epoch),
    version: r.version,
    release: r.release,
    arch: r.arch,
    evr,
    nevra: `${r.name}-${evr}.${r.arch}`,
    sourcerpm: r.sourcerpm ?? "(none)",
    summary: r.summary,
    buildtime: seconds(r.buildTime),
    filetime: seconds(r.fileTime),
    location: r.location,
    checksum: r.checksum,
    repoid: r.repository,
  };
}

/** `elscope packages KEY`: what the newest snapshot of each repository the key names holds. */
export async function packagesCommand(keyText: string, opts: PackagesOptions): Promise<void> {
  const catalog = openCatalog(opts);
  const asOf = asOfFlag(opts);
  await withStore(opts, async (store) => {
    const answer = await packagesQuery(queryContext(store, catalog, new Date(), asOf), {
      key: keyText,
      name: opts.name,
    });
    const { rows } = answer;
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) return void process.stdout.write(renderCsv(rows.map((r) => ({ ...r }))));
    if (opts.qf !== undefined) {
      const qf = opts.qf;
      const unknown = queryFormatTags(qf).find((t) => !(PACKAGE_TAGS as readonly string[]).includes(t));
      if (unknown !== undefined)
        throw new UsageError("arguments", `--qf: no tag %{${unknown}}; known: ${PACKAGE_TAGS.join(", ")}`);
      // One line per package on stdout, as rpm gives them: the as-of line goes to stderr.
      process.stderr.write(asOfLine(asOf));
      return void process.stdout.write(rows.map((r) => `${queryFormat(qf, packageTags(r))}\n`).join(""));
    }
    process.stdout.write(
      asOfLine(asOf) +
        renderTable(rows, [
          ...(answer.repositories.length > 1 ? [{ header: "repository", value: (r: PackageRow) => r.repository }] : []),
          { header: "name", value: (r) => r.name },
          { header: "epoch", value: (r) => r.epoch, align: "right" },
          { header: "version", value: (r) => r.version },
          { header: "release", value: (r) => r.release },
          { header: "arch", value: (r) => r.arch },
          { header: "file time", value: (r) => r.fileTime },
          { header: "first seen", value: (r) => r.firstSeen },
        ]),
    );
    process.stderr.write(`${rows.length} packages\n`);
  });
}
