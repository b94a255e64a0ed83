import type { MatchRules } from "../../analyze/build-matcher.js";
import { matchRules } from "../../analyze/match-rules.js";
import { diffRepos } from "../../analyze/repo-diff.js";
import type { Catalog } from "../../catalog/load-catalog.js";
import { parseRepoPattern } from "../../catalog/repo-pattern.js";
import { UsageError } from "../../errors/usage-error.js";
import { NoDataError } from "../../errors/no-data-error.js";
import type { Store } from "../../store/store.js";
import { asOfFlag, asOfLine } from "../as-of-flag.js";
import { type GlobalOptions, openCatalog, printJson, withStore } from "../cli-context.js";
import { renderCsv } from "../../format/render-csv.js";

export interface DiffOptions extends GlobalOptions {
  readonly by?: string;
  readonly compareArch?: boolean;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly asOf?: string;
}

/** A side of a diff: `distro:release/repo/arch`, where repo or arch may be `*` for all of them. */
async function rowsFor(store: Store, text: string) {
  const key = parseRepoPattern(text);
  const rows = (await store.currentRows(key.distro, [key.release])).filter(
    (r) => (key.repo === "*" || r.repo === key.repo) && (key.arch === "*" || r.repoArch === key.arch),
  );
  if (rows.length === 0 && store.asOf !== null)
    throw new NoDataError(text, `no data as of ${store.asOf} (--as-of): the store had no such repository by then`);
  if (rows.length === 0) throw new NoDataError(text, "not in the store; run `elscope sync` for it first");
  return rows;
}

/** Both sides' markers and rewrites, as parity matches builds; none for a distribution the catalog does not know. */
function rulesFor(catalog: Catalog, a: string, b: string): MatchRules | undefined {
  const known = (d: string) => catalog.distros.some((x) => x.id === d);
  if (!known(a) || !known(b)) return undefined;
  const ab = matchRules(catalog, b, a);
  return { markers: [...ab.markers, ...matchRules(catalog, a, b).markers], rewrites: ab.rewrites };
}

/** `elscope diff A B`: added, removed, upgraded and downgraded packages from A to B, as `dnf repodiff` reports them. */
export async function diffCommand(a: string, b: string, opts: DiffOptions): Promise<void> {
  const by = opts.by ?? "binary";
  if (by !== "binary" && by !== "source")
    throw new UsageError("arguments", `--by is "binary" or "source", not "${by}"`);
  const catalog = openCatalog(opts);
  const asOf = asOfFlag(opts);
  await withStore(opts, async (whole) => {
    const store = whole.at(asOf ?? null);
    const left = await rowsFor(store, a);
    const right = await rowsFor(store, b);
    const d = diffRepos(left, right, {
      by,
      compareArch: opts.compareArch === true,
      rules: rulesFor(catalog, left[0]?.distro ?? "", right[0]?.distro ?? ""),
    });
    if (opts.json === true) {
      printJson({ from: a, to: b, ...d, ...(asOf === undefined ? {} : { requestedAsOf: asOf.toISOString() }) });
      return;
    }
    const flat = [
      ...d.added.map((x) => ({ change: "added", name: x.name, arch: x.arch, from: null, to: x.evr })),
      ...d.removed.map((x) => ({ change: "removed", name: x.name, arch: x.arch, from: x.evr, to: null })),
      ...d.upgraded.map((x) => ({ change: "upgraded", name: x.name, arch: x.arch, from: x.from, to: x.to })),
      ...d.downgraded.map((x) => ({ change: "downgraded", name: x.name, arch: x.arch, from: x.from, to: x.to })),
      ...d.rebuilt.map((x) => ({ change: `rebuilt (${x.as})`, name: x.name, arch: x.arch, from: x.from, to: x.to })),
    ];
    if (opts.csv === true) {
      process.stdout.write(renderCsv(flat));
      return;
    }
    process.stdout.write(asOfLine(asOf));
    const label = (x: { name: string; arch: string | null }) => (x.arch === null ? x.name : `${x.name}.${x.arch}`);
    for (const x of d.added) process.stdout.write(`Added package  : ${label(x)}-${x.evr}\n`);
    for (const x of d.removed) process.stdout.write(`Removed package: ${label(x)}-${x.evr}\n`);
    for (const x of d.upgraded) process.stdout.write(`Upgraded       : ${label(x)} ${x.from} -> ${x.to}\n`);
    for (const x of d.downgraded) process.stdout.write(`Downgraded     : ${label(x)} ${x.from} -> ${x.to}\n`);
    for (const x of d.rebuilt) process.stdout.write(`Rebuilt (${x.as}): ${label(x)} ${x.from} -> ${x.to}\n`);
    process.stdout.write(
      `\nSummary (${by} packages${d.compareArch ? ", by arch" : ""}, ${a} -> ${b})\nAdded packages: ${d.added.length}\nRemoved packages: ${d.removed.length}\nUpgraded packages: ${d.upgraded.length}\nDowngraded packages: ${d.downgraded.length}\nRebuilt packages: ${d.rebuilt.length} (identical ${d.rebuilt.filter((x) => x.as === "identical").length}, modified ${d.rebuilt.filter((x) => x.as === "modified").length})\nUnchanged packages: ${d.unchanged}\n`,
    );
  });
}
