import { classifyImageFile } from "../sources/images/classify-image-file.js";
import { releasesOf } from "../catalog/resolve-targets.js";
import type { Catalog } from "../catalog/load-catalog.js";
import { checkDistros } from "../catalog/check-distros.js";
import { ElscopeError } from "../errors/elscope-error.js";
import { SourceError } from "../errors/source-error.js";
import { UsageError } from "../errors/usage-error.js";
import { withLocalCopy } from "../fetch/local-copy.js";
import type { IndexRecord } from "../sources/images/http-index-driver.js";
import type { CountEntry, ImageEntry, ImageRecord } from "../model/image-record.js";
import { getDriver } from "../sources/registry.js";
import { ImageStore } from "../store/image-store.js";
import type { Store } from "../store/store.js";
import type { ImportOptions } from "./import-options.js";
import { openRegularFile } from "./open-regular-file.js";
import { parseAllRecords } from "./parse-all-records.js";

/** What one image, registry or popularity import did. */
export interface ImageImport {
  readonly distro: string;
  readonly kind: string;
  readonly source: string;
  readonly images: number;
  readonly counts: number;
  readonly warnings: readonly string[];
}

/**
 * Imports one image listing, registry answer or popularity series for
 * `distro`; each import is a dated observation. `region` names the AWS
 * region a describe-images output is from; `subject` the repository a
 * Docker Hub tags page or a popularity series without a subject column is about.
 *
 * @example
 * await importImages({ store, catalog, kind: "aws-describe-images", distro: "rocky", location: file, label: file, region: "us-east-1" });
 */
export async function importImages(o: ImportOptions): Promise<ImageImport> {
  const { store, distro, kind, location, label } = o;
  const sourceId = `${distro}:${kind}`;
  const now = o.asOf ?? new Date();
  return withLocalCopy(
    location,
    sourceId,
    async (path) => {
      const records = await parseAllRecords<ImageRecord>(kind, openRegularFile(path, sourceId, location, true), {
        sourceId,
        file: location,
      });
      const images: ImageEntry[] = records.flatMap((r) =>
        r.kind === "image"
          ? [
              {
                channel: r.channel,
                name: r.name,
                type: r.type,
                release: r.release,
                arch: r.arch,
                location: r.location ?? o.region ?? o.subject ?? null,
                // A tags page names no namespace; the repository given for it does (docker.io/<namespace>/<name>).
                publisher: r.publisher ?? (r.channel === "container" ? (o.subject?.split("/").at(-2) ?? null) : null),
                published: r.published,
                size: r.size,
              },
            ]
          : [],
      );
      const counts: CountEntry[] = records.flatMap((r) =>
        r.kind === "count"
          ? [
              {
                metric: r.metric,
                value: r.value,
                date: r.date,
                subject: r.subject || (o.subject ?? distro),
                ...(r.source === undefined ? {} : { source: r.source }),
                ...(r.note === undefined ? {} : { note: r.note }),
              },
            ]
          : [],
      );
      const warnings = records.flatMap((r) => (r.kind === "warning" ? [r.message] : []));
      await new ImageStore(store.db).saveImport(
        { distro, sourceKind: kind, source: label, observedAt: now.toISOString() },
        images,
        counts,
      );
      return { distro, kind, source: label, images: images.length, counts: counts.length, warnings };
    },
    { maxBytes: 256 << 20 },
  );
}

/** What a crawl of a distribution's image folders found. */
export interface ImageCrawl {
  readonly distro: string;
  readonly base: string;
  readonly folders: readonly { readonly url: string; readonly images: number; readonly error: string | null }[];
  readonly images: number;
}

/**
 * Crawls the image folders the catalog names (or under `base`) on a mirror:
 * reads each HTML listing, follows subfolders up to `depth` levels (never
 * leaving the folder's host and path), classifies the files and stores the
 * images found as one observation. A folder that cannot be read is reported;
 * the rest is stored.
 */
export async function crawlImages(
  store: Store,
  catalog: Catalog,
  distro: string,
  options: { base?: string; majors?: readonly string[]; depth?: number; now?: Date },
): Promise<ImageCrawl> {
  checkDistros(catalog, [distro]);
  const d = catalog.distros.find((x) => x.id === distro);
  if (d === undefined) throw new UsageError("arguments", `no distribution "${distro}"`);
  const paths = d.images?.mirrorPaths ?? [];
  if (paths.length === 0 && options.base === undefined)
    throw new UsageError("arguments", `the catalog names no image folders for ${distro}; give --url`);
  const mirror = (options.base ?? d.mirrors[0] ?? "").replace(/\/+$/, "");
  const starts: string[] = [];
  for (const rel of releasesOf(d)) {
    if (rel.minor !== null && rel.major.rolling) continue;
    if (options.majors !== undefined && options.majors.length > 0 && !options.majors.includes(rel.major.major))
      continue;
    if (rel.minor !== null && rel.release !== rel.major.minors.at(-1)) continue;
    for (const arch of rel.major.arches) {
      for (const p of paths) {
        const filled = p.replace(/\{major\}/g, rel.major.major).replace(/\{arch\}/g, arch);
        starts.push(/^[a-z]+:\/\//.test(filled) ? filled : `${mirror}/${filled}`);
      }
    }
  }
  if (options.base !== undefined && paths.length === 0) starts.push(`${mirror}/`);
  const sourceId = `${distro}:mirror-images`;
  const folders: { url: string; images: number; error: string | null }[] = [];
  const images: ImageEntry[] = [];
  const seen = new Set<string>();
  const visit = async (url: string, root: string, depth: number): Promise<void> => {
    if (seen.has(url)) return;
    seen.add(url);
    let entries: IndexRecord[];
    try {
      entries = await withLocalCopy(
        url,
        sourceId,
        async (path) => {
          const out: IndexRecord[] = [];
          // A local --url names listing files; a folder or FIFO there is refused, not read (EISDIR, a hang).
          for await (const b of getDriver("http-index").parse(openRegularFile(path, sourceId, url), {
            sourceId,
            file: url,
          }))
            out.push(...(b as IndexRecord[]));
          return out;
        },
        { maxBytes: 16 << 20 },
      );
    } catch (e) {
      if (!(e instanceof ElscopeError)) throw e;
      folders.push({ url, images: 0, error: e.problem });
      return;
    }
    let found = 0;
    for (const e of entries) {
      if (e.kind !== "entry") continue;
      const target = new URL(e.href, url).href;
      // Only below the folder the crawl started from, on the same host.
      if (!target.startsWith(root)) continue;
      if (e.directory) {
        if (depth > 0) await visit(target, root, depth - 1);
        continue;
      }
      const c = classifyImageFile(e.name);
      if (c === null) continue;
      found++;
      images.push({
        channel: "mirror",
        name: e.name,
        type: c.type,
        release: c.release,
        arch: c.arch,
        location: target,
        publisher: null,
        published: e.modified,
        size: e.size,
      });
    }
    folders.push({ url, images: found, error: null });
  };
  for (const s of starts) await visit(s.endsWith("/") ? s : `${s}/`, s.endsWith("/") ? s : `${s}/`, options.depth ?? 1);
  if (folders.every((f) => f.error !== null)) {
    throw new SourceError(sourceId, `no image folder could be read (${folders[0]?.error ?? "none to read"})`, {
      file: starts[0] ?? mirror,
    });
  }
  await new ImageStore(store.db).saveImport(
    { distro, sourceKind: "mirror-index", source: mirror, observedAt: (options.now ?? new Date()).toISOString() },
    images,
    [],
  );
  return { distro, base: mirror, folders: folders.sort((a, b) => (a.url < b.url ? -1 : 1)), images: images.length };
}
