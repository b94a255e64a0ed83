import { basename } from "node:path";
import { Readable } from "node:stream";
import type { Catalog } from "../catalog/load-catalog.js";
import { checkDistros } from "../catalog/check-distros.js";
import { ParseError } from "../errors/parse-error.js";
import { SourceError } from "../errors/source-error.js";
import { UsageError } from "../errors/usage-error.js";
import { withGitCheckout } from "../fetch/git-checkout.js";
import { gitTreeSnapshots } from "../fetch/git-tree-snapshots.js";
import { commaList } from "../format/comma-list.js";
import type { ReleaseDateRecord } from "../model/release-date-record.js";
import { getDriver } from "../sources/registry.js";
import { type PageVersion, foldPageHistory } from "./fold-page-history.js";
import type { ImportOptions } from "./import-options.js";
import type { ReleaseDateImport } from "./import-release-dates.js";

/** The source kind a page history's dates are stored under, apart from the current page's. */
export const HISTORY_KIND = "endoflife-product-history";

// endoflife.date keeps one page per product in this folder
// (https://github.com/endoflife-date/endoflife.date/tree/master/products).
const FOLDER = "products";

/**
 * Which distribution each endoflife.date page is about, by the file name of the catalog's
 * `endoflife-product` source (products/rocky-linux.md is rocky's).
 *
 * @example
 * endoflifeProductPages(catalog).get("rocky-linux.md") // "rocky"
 */
export function endoflifeProductPages(catalog: Catalog): ReadonlyMap<string, string> {
  const pages = new Map<string, string>();
  for (const d of catalog.distros)
    for (const s of d.releaseDates?.sources ?? [])
      if (s.kind === "endoflife-product") pages.set(basename(new URL(s.url).pathname), d.id);
  return pages;
}

/**
 * The distributions a page history import is for, as a comma list: `given` (one or several,
 * each with a page in the catalog), else every distribution that has one.
 *
 * @example
 * historyDistros(catalog, undefined) // "almalinux,centos-stream,oracle,rhel,rocky"
 */
export function historyDistros(catalog: Catalog, given: string | undefined): string {
  const withPage = [...new Set(endoflifeProductPages(catalog).values())];
  if (given === undefined) return withPage.join(",");
  const ids = commaList(given);
  checkDistros(catalog, ids);
  for (const id of ids)
    if (!withPage.includes(id))
      throw new UsageError(
        "arguments",
        `${id} has no endoflife.date product page in the catalog (releaseDates.sources)`,
      );
  return ids.join(",");
}

/** One page version's records, or why it could not be read (a broken front matter in one commit). */
async function readVersion(content: Buffer, sourceId: string, file: string): Promise<PageVersion["content"]> {
  const records: ReleaseDateRecord[] = [];
  try {
    for await (const batch of getDriver("endoflife-product").parse(Readable.from([content]), { sourceId, file }))
      records.push(...(batch as ReleaseDateRecord[]));
  } catch (e) {
    // YAML's first error line ends with a colon before the excerpt it would show.
    if (e instanceof ParseError) return { kind: "unreadable", problem: e.problem.replace(/:$/, "") };
    throw e;
  }
  return { kind: "read", records };
}

/**
 * Reads the git history of endoflife.date's product pages (a repository, bundle or git URL) and
 * stores every release date any version of a page stated, each under `endoflife-product-history`
 * with the commit it came from (`<repository> products/rhel.md @<sha> (<commit date>)`, the
 * repository being the label without its `@commit` and `(...)` parts). Every commit that touched
 * the folder is read ("every" sampling), each page through the endoflife-product parser. Pages no
 * catalog distribution has (centos.md) are skipped with a warning; the distributions' rows are
 * replaced in one transaction.
 *
 * @example
 * await importEndoflifeProductHistory({ store, catalog, kind: "endoflife-product", distro: "rhel", location: "history.bundle", label: "endoflife-date/endoflife.date" });
 */
export async function importEndoflifeProductHistory(o: ImportOptions): Promise<ReleaseDateImport> {
  const { store, catalog, location, label } = o;
  const distros = commaList(o.distro);
  const sourceId = distros.length === 1 ? `${distros[0]}:${HISTORY_KIND}` : HISTORY_KIND;
  const pages = endoflifeProductPages(catalog);
  const warnings: string[] = [];
  const versions = await withGitCheckout(location, sourceId, async (dir, git) => {
    if (!git) throw new SourceError(sourceId, "not a git repository, bundle or file", { file: location });
    const out: PageVersion[] = [];
    const last = new Map<string, Buffer>();
    const unknown = new Set<string>();
    let commits = 0;
    for await (const s of gitTreeSnapshots(dir, FOLDER, "every", sourceId)) {
      commits++;
      for (const [path, content] of s.files) {
        const distro = pages.get(basename(path));
        if (distro === undefined) {
          if (!unknown.has(path)) warnings.push(`${path}: no catalog distribution has this page; skipped`);
          unknown.add(path);
          continue;
        }
        // A version equal to the page's previous one states nothing new.
        if (!distros.includes(distro) || last.get(path)?.equals(content) === true) continue;
        last.set(path, content);
        const read = await readVersion(content, sourceId, path);
        out.push({ distro, path, commit: s.commit, committedAt: s.committedAt, content: read });
      }
    }
    if (commits === 0) throw new SourceError(sourceId, `no history of ${FOLDER}/`, { file: location });
    return out;
  });
  const repository = label.replace(/\s+[@(].*$/, "");
  const folded = foldPageHistory(versions, repository);
  const sets = distros.flatMap((distro) => {
    const dates = folded.dates.get(distro) ?? [];
    // No page, no dates: what the distribution had stays.
    if (dates.length === 0) warnings.push(`${distro}: no version of its page gave a date; its dates are kept`);
    return dates.length === 0 ? [] : [{ distro, source: label, dates }];
  });
  await store.replaceReleaseDateSets(HISTORY_KIND, sets, new Date());
  return {
    // The distributions the import was for; the warnings name those whose page gave nothing.
    distro: distros.join(","),
    kind: HISTORY_KIND,
    source: label,
    dates: sets.reduce((n, s) => n + s.dates.length, 0),
    warnings: [...warnings, ...folded.warnings],
  };
}
