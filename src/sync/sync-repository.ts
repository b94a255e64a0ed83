import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { formatRepoKey } from "../catalog/repo-key.js";
import type { SyncTarget } from "../catalog/sync-target.js";
import { ConfigError } from "../errors/config-error.js";
import type { ElscopeError } from "../errors/elscope-error.js";
import { ParseError } from "../errors/parse-error.js";
import { SourceError } from "../errors/source-error.js";
import type { Fetcher, TlsOptions } from "../fetch/fetcher.js";
import { verifySignature } from "../fetch/verify-signature.js";
import { makeWorkDir, removeWorkDir } from "../fetch/work-dir.js";
import type { AdvisoryRecord } from "../model/advisory-record.js";
import type { LatestSnapshot } from "../model/latest-snapshot.js";
import type { PackageRecord } from "../model/package-record.js";
import type { SnapshotFile } from "../model/snapshot-input.js";
import { decompressFile } from "../sources/decompress.js";
import { parseFileInWorker, prewarmParser } from "../sources/parse-file-in-worker.js";
import { getDriver } from "../sources/registry.js";
import { parseRepomd, type RepomdFile } from "../sources/rpm-md/parse-repomd.js";
import type { Store } from "../store/store.js";

/** What happened to one repository in a sync. */
export interface SyncOutcome {
  readonly key: string;
  readonly status: "updated" | "unchanged" | "failed";
  readonly url: string | null;
  readonly packages: number | null;
  readonly added: number | null;
  readonly removed: number | null;
  /** NEVRAs listed again with a new checksum or location: a new build of the same NEVRA. */
  readonly changed: number | null;
  readonly bytes: number;
  readonly seconds: number;
  readonly error: string | null;
  readonly errorKind: ElscopeError["kind"] | null;
  /** Problems that did not stop the sync (an updateinfo.xml entry that could not be read). */
  readonly warnings: readonly string[];
}

/** Progress as a sync moves through a repository. */
export interface SyncProgress {
  readonly key: string;
  readonly phase: "repomd" | "download" | "store" | "done";
  readonly bytes: number;
  readonly packages: number;
}

export interface SyncContext {
  readonly store: Store;
  readonly fetcher: Fetcher;
  readonly workDir: string;
  readonly now?: () => Date;
  /** Certificate, key and CA given on the command line; they win over the catalog's environment variables. */
  readonly tls?: TlsOptions;
  /** Decompressed bytes one metadata file may give the parser (a zip bomb's are refused); default 4 GiB. */
  readonly maxUnpackedBytes?: number;
  readonly onProgress?: (p: SyncProgress) => void;
}

// Which metadata files are fetched, verified and kept. Comps comes in several
// compressions; the first one listed here that repomd.xml has is taken.
const PRIMARY = "primary";
const EXTRA_GROUPS: readonly (readonly string[])[] = [
  ["updateinfo"],
  ["group_zst", "group_xz", "group_gz", "group"],
  ["modules"],
];

const REPOMD_MAX = 16 << 20;
// The largest real primary.xml (RHEL AppStream, EPEL) is a few hundred MB decompressed: a tenfold margin.
const MAX_UNPACKED = 4 * 1024 ** 3;

/**
 * Syncs one repository: repomd.xml first (conditionally), then the files it
 * lists, each verified against it, then one store transaction. Mirrors are
 * tried in catalog order until one works.
 *
 * @example
 * const outcome = await syncRepository(target, { store, fetcher, workDir: "/tmp" });
 */
export async function syncRepository(target: SyncTarget, ctx: SyncContext): Promise<SyncOutcome> {
  const started = Date.now();
  const key = formatRepoKey(target.key);
  const errors: ElscopeError[] = [];
  let bytes = 0;
  for (const url of target.urls) {
    const dir = await makeWorkDir(ctx.workDir);
    try {
      const r = await syncFromMirror(target, url, dir, ctx, (n) => {
        bytes += n;
      });
      ctx.onProgress?.({
        key,
        phase: "done",
        bytes,
        packages: r.packages ?? 0,
      });
      return {
        ...r,
        key,
        url,
        bytes,
        seconds: (Date.now() - started) / 1000,
        error: null,
        errorKind: null,
      };
    } catch (e) {
      if (e instanceof SourceError || e instanceof ParseError || e instanceof ConfigError) {
        errors.push(e);
        if (e instanceof ConfigError) break;
      } else throw e;
    } finally {
      await removeWorkDir(dir);
    }
  }
  const last = errors[errors.length - 1];
  const message =
    errors.length <= 1
      ? (last?.message ?? "no mirror URL")
      : errors.map((e, i) => `mirror ${i + 1}: ${e.message}`).join("; ");
  return {
    key,
    status: "failed",
    url: null,
    packages: null,
    added: null,
    removed: null,
    changed: null,
    bytes,
    seconds: (Date.now() - started) / 1000,
    error: message,
    errorKind: last?.kind ?? "source",
    warnings: [],
  };
}

type MirrorResult = Pick<SyncOutcome, "status" | "packages" | "added" | "removed" | "changed" | "warnings">;

async function syncFromMirror(
  target: SyncTarget,
  base: string,
  dir: string,
  ctx: SyncContext,
  onBytes: (n: number) => void,
): Promise<MirrorResult> {
  const key = formatRepoKey(target.key);
  const now = ctx.now ?? (() => new Date());
  const tls = resolveTls(target, ctx.tls, key);
  const progress = { bytes: 0, packages: 0 };
  const report = (phase: SyncProgress["phase"]): void => ctx.onProgress?.({ key, phase, ...progress });
  const counting = (n: number): void => {
    progress.bytes += n;
    onBytes(n);
    report("download");
  };

  report("repomd");
  const latest = await ctx.store.latestSnapshot(target.key);
  const sameMirror = latest !== null && latest.sourceUrl === base;
  const repomdPath = join(dir, "repomd.xml");
  const got = await ctx.fetcher.fetchToFile({
    url: base + "repodata/repomd.xml",
    dest: repomdPath,
    sourceId: key,
    file: "repodata/repomd.xml",
    etag: sameMirror ? latest.etag : null,
    lastModified: sameMirror ? latest.lastModified : null,
    maxBytes: REPOMD_MAX,
    tls,
    onBytes: counting,
  });
  if (got.kind === "unchanged") {
    if (latest === null)
      throw new SourceError(key, "server answered 304 to an unconditional request", { file: "repodata/repomd.xml" });
    await ctx.store.markUnchanged(latest, now());
    return unchanged(latest);
  }
  const repomdBytes = await readFile(repomdPath);
  if (target.gpgKey !== null) {
    const sig = join(dir, "repomd.xml.asc");
    await ctx.fetcher.fetchToFile({
      url: base + "repodata/repomd.xml.asc",
      dest: sig,
      sourceId: key,
      file: "repodata/repomd.xml.asc",
      maxBytes: 1 << 20,
      tls,
    });
    const keyFile = join(dir, "signing-key");
    await ctx.fetcher.fetchToFile({
      url: target.gpgKey,
      dest: keyFile,
      sourceId: key,
      file: target.gpgKey,
      maxBytes: 1 << 20,
    });
    await verifySignature(repomdPath, sig, keyFile, { sourceId: key });
  }
  const repomdChecksum = createHash("sha256").update(repomdBytes).digest("hex");
  if (latest !== null && latest.repomdChecksum === repomdChecksum) {
    await ctx.store.markUnchanged(latest, now());
    return unchanged(latest);
  }
  // A new snapshot: its primary.xml will be parsed, so the parser's thread starts loading now.
  prewarmParser();
  const repomd = parseRepomd(repomdBytes, {
    sourceId: key,
    file: "repodata/repomd.xml",
  });
  const primary = repomd.files.find((f) => f.type === PRIMARY);
  if (primary === undefined)
    throw new ParseError(key, "lists no primary metadata", {
      file: "repodata/repomd.xml",
    });
  const wanted: RepomdFile[] = [primary];
  for (const group of EXTRA_GROUPS) {
    const f = group.map((t) => repomd.files.find((x) => x.type === t)).find((x) => x !== undefined);
    if (f !== undefined) wanted.push(f);
  }
  // Everything is downloaded and verified before the store is touched.
  const paths = new Map<string, string>();
  await Promise.all(
    wanted.map(async (f, i) => {
      const dest = join(dir, `${i}-${f.type}`);
      await ctx.fetcher.fetchToFile({
        url: base + f.location,
        dest,
        sourceId: key,
        file: f.location,
        expect: {
          size: f.size,
          checksumType: f.checksumType,
          checksum: f.checksum,
        },
        tls,
        onBytes: counting,
      });
      paths.set(f.type, dest);
    }),
  );
  const files: SnapshotFile[] = [];
  for (const f of wanted) {
    const content = f.type === PRIMARY ? null : await readFile(paths.get(f.type) as string);
    files.push({
      type: f.type,
      location: f.location,
      checksumType: f.checksumType,
      checksum: f.checksum,
      size: f.size,
      content,
    });
  }
  const advisories = await readAdvisories(
    paths.get("updateinfo"),
    key,
    repomd.files.find((f) => f.type === "updateinfo")?.location ?? "updateinfo",
    ctx.maxUnpackedBytes ?? MAX_UNPACKED,
    dir,
  );
  report("store");
  const primaryPath = paths.get(PRIMARY) as string;
  // The work folder also takes what xz, zstd and bzip2 decompress, so they run ahead of the parser.
  const ctxPrimary = {
    sourceId: key,
    file: primary.location,
    maxBytes: ctx.maxUnpackedBytes ?? MAX_UNPACKED,
    spillDir: dir,
  };
  async function* counted() {
    for await (const batch of parseFileInWorker<PackageRecord>("rpm-md-primary", primaryPath, ctxPrimary)) {
      progress.packages += batch.length;
      report("store");
      yield batch;
    }
  }
  const counts = await ctx.store.writeSnapshot(
    {
      key: target.key,
      // Where repomd.xml was served from in the end, after redirects (within base's origin).
      sourceUrl: got.url.endsWith("repodata/repomd.xml") ? got.url.slice(0, -"repodata/repomd.xml".length) : base,
      revision: repomd.revision,
      repomdChecksum,
      etag: got.etag,
      lastModified: got.lastModified,
      now: now(),
      files,
      basedOn: latest?.id ?? null,
    },
    counted(),
  );
  if (counts.unchanged === true) {
    // Lost the race to another sync of this repository, which stored the same repomd.xml.
    return { status: "unchanged", packages: counts.packages, added: 0, removed: 0, changed: 0, warnings: [] };
  }
  if (advisories !== null) {
    await ctx.store.upsertAdvisories(target.key.distro, "rpm-md-updateinfo", key, advisories.items, now());
  }
  return {
    status: "updated",
    packages: counts.packages,
    added: counts.added,
    removed: counts.removed,
    changed: counts.changed,
    warnings: advisories?.warnings ?? [],
  };
}

type ReadAdvisory = { readonly advisory: AdvisoryRecord & { kind: "advisory" }; readonly firstSeenGit: null };

/**
 * Reads updateinfo.xml whole before anything is stored: a file that fails to
 * parse fails the sync (ParseError), so the repository keeps its last good
 * snapshot instead of new packages beside old advisories.
 */
async function readAdvisories(
  path: string | undefined,
  key: string,
  file: string,
  maxBytes: number,
  spillDir: string,
): Promise<{ items: ReadAdvisory[]; warnings: string[] } | null> {
  if (path === undefined) return null;
  const items: ReadAdvisory[] = [];
  const warnings: string[] = [];
  const uctx = { sourceId: key, file, maxBytes, spillDir };
  const seen = new Set<string>();
  for await (const batch of getDriver("rpm-md-updateinfo").parse(decompressFile(path, uctx), uctx)) {
    for (const r of batch as AdvisoryRecord[]) {
      if (r.kind === "warning") warnings.push(`${key}: ${file}: ${r.message}`);
      else if (!seen.has(r.id)) {
        seen.add(r.id);
        items.push({ advisory: r, firstSeenGit: null });
      }
    }
  }
  return { items, warnings };
}

function unchanged(latest: LatestSnapshot): MirrorResult {
  return { status: "unchanged", packages: latest.packageCount, added: 0, removed: 0, changed: 0, warnings: [] };
}

function resolveTls(target: SyncTarget, given: TlsOptions | undefined, key: string): TlsOptions | undefined {
  const auth = target.auth;
  if (auth === null) return given;
  const cert = given?.cert ?? process.env[auth.certEnv];
  const keyFile = given?.key ?? process.env[auth.keyEnv];
  const ca = given?.ca ?? (auth.caEnv !== undefined ? process.env[auth.caEnv] : undefined) ?? auth.caFile;
  if (cert === undefined || keyFile === undefined) {
    throw new ConfigError(
      key,
      `this repository needs an entitlement certificate: set ${auth.certEnv} and ${auth.keyEnv} (or --cert and --key) to the files from /etc/pki/entitlement/${auth.caEnv === undefined ? "" : `, and ${auth.caEnv} (or --cacert) to the CA from /etc/rhsm/ca/`}`,
    );
  }
  return { cert, key: keyFile, ...(ca !== undefined ? { ca } : {}) };
}
