import { escapeControl } from "../../errors/escape-control.js";
import { inRelease, releaseSpan } from "../../catalog/resolve-release.js";
import { sampleSignatures } from "../../ingest/sample-signatures.js";
import { UsageError } from "../../errors/usage-error.js";
import { renderCsv } from "../../format/render-csv.js";
import { csvCells } from "../../format/csv-cells.js";
import { provenanceCsvRows } from "../../queries/provenance-csv-rows.js";
import { renderTable } from "../../format/render-table.js";
import type { BuildSystemChange } from "../../analyze/provenance.js";
import { type ProvenanceAnswer, provenanceQuery } from "../../queries/provenance-query.js";
import { queryContext } from "../../queries/query-context.js";
import type { Store } from "../../store/store.js";
import { type GlobalOptions, openCatalog, printJson, withStore, withWritingStore } from "../cli-context.js";

export interface ProvenanceOptions extends GlobalOptions {
  readonly distro?: string;
  readonly release?: string;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly signatures?: boolean;
  readonly sample?: string;
  readonly maxHeaderBytes?: string;
  readonly timeout?: string;
}

function positive(text: string | undefined, fallback: number, flag: string): number {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError("arguments", `${flag} wants a whole number above 0, not "${text ?? ""}"`);
  return n;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const text = (v: string | null): string | null => (v === null ? null : escapeControl(v));

function changeLine(c: BuildSystemChange): string {
  const from = c.from ?? "unknown";
  const to = c.to ?? "unknown";
  return c.kind === "between-releases"
    ? `  ${c.previousRelease} → ${c.release}: ${from} → ${to}\n`
    : `  ${c.repository} at ${c.at}: ${from} → ${to}\n`;
}

/** The answer as text tables: groups, each release's system, changes, unexpected vendors and packagers. */
function renderText(a: ProvenanceAnswer): string {
  const out = [
    `${a.distro}${a.release === null ? "" : ` ${a.release}`}: build provenance of ${a.snapshots.repositories} repositories, snapshots ${a.snapshots.first} to ${a.snapshots.newest}\n\n`,
    renderTable(a.groups, [
      { header: "release", value: (r) => r.release },
      { header: "build-host domain", value: (r) => text(r.domain ?? (r.exampleHost === null ? null : "(no domain)")) },
      { header: "build system", value: (r) => text(r.system) },
      { header: "packager", value: (r) => text(r.packager) },
      { header: "vendor", value: (r) => text(r.vendor) },
      { header: "builds", value: (r) => r.builds, align: "right" },
      { header: "packages", value: (r) => r.packages, align: "right" },
      { header: "since", value: (r) => r.since?.slice(0, 10) ?? null },
    ]),
    "\npredominant build system per release (first snapshot → newest)\n",
    renderTable(a.releases, [
      { header: "release", value: (r) => r.release },
      { header: "first", value: (r) => `${r.first.system ?? "unknown"} (${pct(r.first.share)})` },
      { header: "at", value: (r) => r.first.at },
      { header: "newest", value: (r) => `${r.newest.system ?? "unknown"} (${pct(r.newest.share)})` },
      { header: "at", value: (r) => r.newest.at },
    ]),
    `\nbuild-system changes: ${a.changes.length}\n`,
    ...a.changes.map(changeLine),
    `\nunexpected vendor or packager: ${a.unexpected.length}\n`,
    ...a.unexpected.map(
      (u) => `  ${u.release} ${u.field} ${text(u.value) ?? "(none)"}: ${u.builds} builds, ${u.packages} packages\n`,
    ),
  ];
  const sig = a.signatures;
  if (sig === null) out.push("\nsignatures: none read (elscope provenance --signatures reads a sample)\n");
  else {
    out.push(
      "\nsignatures of a sample of packages per repository (RPM header by HTTP range request)\n",
      renderTable(sig.repositories, [
        { header: "repository", value: (r) => r.repository },
        { header: "sample", value: (r) => r.sampled, align: "right" },
        { header: "listed key", value: (r) => r.listedKey, align: "right" },
        { header: "unknown key", value: (r) => r.unknownKey, align: "right" },
        { header: "key not checked", value: (r) => r.keyNotChecked, align: "right" },
        { header: "unsigned", value: (r) => r.unsigned, align: "right" },
        { header: "unreadable", value: (r) => r.unreadable, align: "right" },
        { header: "keys", value: (r) => r.keys.join(" ") },
        { header: "checked", value: (r) => r.checkedAt },
      ]),
      ...sig.findings.map(
        (f) =>
          `  ${f.repository} ${text(f.nevra) ?? ""}: ${f.finding}${f.keyId === null ? "" : ` (key ${f.keyId}, ${f.algorithm ?? "unknown"})`}${f.problem === null ? "" : `: ${text(f.problem) ?? ""}`}\n`,
      ),
    );
  }
  return out.join("");
}

/** `elscope provenance`: build hosts, build systems, packagers and vendors of a distribution's packages. */
export async function provenanceCommand(opts: ProvenanceOptions): Promise<void> {
  if (opts.distro === undefined || opts.distro === "")
    throw new UsageError("arguments", "--distro is needed, e.g. --distro almalinux");
  const distro = opts.distro;
  const catalog = openCatalog(opts);
  const perRepository = positive(opts.sample, 20, "--sample");
  const maxBytes = positive(opts.maxHeaderBytes, 65536, "--max-header-bytes");
  const timeoutMs = positive(opts.timeout, 30, "--timeout") * 1000;
  const run = <T>(fn: (store: Store) => Promise<T>): Promise<T> =>
    opts.signatures === true ? withWritingStore(opts, [distro], fn) : withStore(opts, fn);
  await run(async (store) => {
    const ctx = queryContext(store, catalog);
    if (opts.signatures === true) {
      const releases = (await store.listRepositories())
        .filter(
          (r) => r.distro === distro && (opts.release === undefined || inRelease(releaseSpan(opts.release), r.release)),
        )
        .map((r) => r.release);
      if (releases.length > 0) {
        const s = await sampleSignatures(store, distro, [...new Set(releases)], { perRepository, maxBytes, timeoutMs });
        process.stderr.write(
          `elscope: read the signature headers of ${s.sampled} packages (at most ${maxBytes} bytes each, ${s.bytesRead} in all): ${s.signed} signed, ${s.unsigned} unsigned, ${s.errors} unreadable\n`,
        );
      }
    }
    const answer = await provenanceQuery(ctx, {
      distro,
      ...(opts.release === undefined ? {} : { release: opts.release }),
    });
    if (opts.json === true) return printJson(answer);
    if (opts.csv === true) return void process.stdout.write(renderCsv(csvCells(provenanceCsvRows(answer))));
    process.stdout.write(renderText(answer));
  });
}
