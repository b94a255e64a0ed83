import { ElscopeError } from "../errors/elscope-error.js";
import { rpmHeaderRange } from "../fetch/rpm-header-range.js";
import type { PackageSignature, SignatureSample } from "../model/package-signature.js";
import { parseRpmSignature } from "../sources/rpm-header/parse-rpm-signature.js";
import type { Store } from "../store/store.js";

/** How many packages to read and how much of each. */
export interface SampleSignatureOptions {
  readonly perRepository: number;
  /** Bytes read of each package at most. */
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly userAgent?: string;
  readonly concurrency?: number;
  readonly now?: () => Date;
}

/** What a sampling run read. */
export interface SampleSignatureSummary {
  readonly sampled: number;
  readonly signed: number;
  readonly unsigned: number;
  readonly errors: number;
  /** Bytes read in all, over every package. */
  readonly bytesRead: number;
}

const USER_AGENT = "elscope/0.1 (+https://github.com/elscope/elscope; measuring Enterprise Linux distributions)";

/** Reads one sampled package's signature header; never throws. */
async function readOne(s: SignatureSample, opts: SampleSignatureOptions, now: () => Date): Promise<PackageSignature> {
  const base = { repository: s.repository, distro: s.distro, release: s.release, location: s.location, nevra: s.nevra };
  const none = { sigTag: null, keyId: null, fingerprint: null, algorithm: null, hash: null };
  const error = (problem: string, bytesRead: number | null): PackageSignature => ({
    ...base,
    ...none,
    checkedAt: now().toISOString(),
    status: "error",
    bytesRead,
    problem,
  });
  let url: URL;
  try {
    const root = new URL(s.sourceUrl.endsWith("/") ? s.sourceUrl : `${s.sourceUrl}/`);
    url = new URL(s.location, root);
    if (url.origin !== root.origin) return error(`location outside the repository's origin: ${s.location}`, null);
  } catch {
    return error(`not an HTTP(S) repository: ${s.sourceUrl}`, null);
  }
  const r = await rpmHeaderRange(url.href, {
    maxBytes: opts.maxBytes,
    timeoutMs: opts.timeoutMs,
    userAgent: opts.userAgent ?? USER_AGENT,
  });
  if (r.kind === "error") return error(r.problem, null);
  try {
    const parsed = parseRpmSignature(r.bytes, s.location);
    const first = parsed.signatures[0];
    return {
      ...base,
      checkedAt: now().toISOString(),
      status: first === undefined ? "unsigned" : "signed",
      sigTag: first?.tag ?? null,
      keyId: first?.keyId ?? null,
      fingerprint: first?.fingerprint ?? null,
      algorithm: first?.algorithm ?? null,
      hash: first?.hash ?? null,
      bytesRead: r.bytes.length,
      problem: null,
    };
  } catch (e) {
    if (e instanceof ElscopeError) return error(e.problem, r.bytes.length);
    throw e;
  }
}

/**
 * Reads the signature headers of a sample of each repository's packages (`perRepository` per
 * newest snapshot) with HTTP range requests of at most `maxBytes` each, and stores what they say:
 * signed (key id, fingerprint, algorithms), unsigned, or unreadable. Never downloads a package whole.
 *
 * @example
 * await sampleSignatures(store, "almalinux", ["9.4"], { perRepository: 20, maxBytes: 65536, timeoutMs: 30_000 });
 */
export async function sampleSignatures(
  store: Store,
  distro: string,
  releases: readonly string[],
  opts: SampleSignatureOptions,
): Promise<SampleSignatureSummary> {
  const now = opts.now ?? (() => new Date());
  const sample = await store.signatureSample(distro, releases, opts.perRepository);
  const results: PackageSignature[] = new Array<PackageSignature>(sample.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < sample.length; i = next++) {
      const s = sample[i];
      if (s !== undefined) results[i] = await readOne(s, opts, now);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  await store.recordSignatures(results);
  return {
    sampled: results.length,
    signed: results.filter((r) => r.status === "signed").length,
    unsigned: results.filter((r) => r.status === "unsigned").length,
    errors: results.filter((r) => r.status === "error").length,
    bytesRead: results.reduce((n, r) => n + (r.bytesRead ?? 0), 0),
  };
}
