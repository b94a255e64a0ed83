import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { copyFile, open, rename, rm } from "node:fs/promises";
import { once } from "node:events";
import http from "node:http";
import https from "node:https";
import { fileURLToPath } from "node:url";
import { SourceError } from "../errors/source-error.js";
import { ConfigError } from "../errors/config-error.js";
import { formatByteSize } from "./byte-size.js";

/** TLS material for servers that want a client certificate (the Red Hat CDN). */
export interface TlsOptions {
  readonly cert?: string;
  readonly key?: string;
  readonly ca?: string;
}

/** How a fetched file must look; checked while it streams, before it is kept. */
export interface Expectation {
  readonly size: number | null;
  readonly checksumType: string;
  readonly checksum: string;
}

export interface FetchRequest {
  /** http(s):// or file:// URL, or a plain local path. */
  readonly url: string;
  readonly dest: string;
  readonly sourceId: string;
  /** Path shown in messages, e.g. repodata/repomd.xml. */
  readonly file: string;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  readonly expect?: Expectation;
  readonly maxBytes?: number;
  readonly tls?: TlsOptions;
  readonly onBytes?: (n: number) => void;
}

export type FetchResult =
  | { readonly kind: "unchanged" }
  | {
      readonly kind: "fetched";
      readonly path: string;
      readonly bytes: number;
      readonly sha256: string;
      readonly etag: string | null;
      readonly lastModified: string | null;
      readonly url: string;
    };

export interface FetcherOptions {
  readonly userAgent?: string;
  /** Requests in flight at once, across all callers of this fetcher. */
  readonly concurrency?: number;
  /** Attempts per request on 429, 5xx, timeouts and dropped connections. */
  readonly attempts?: number;
  readonly backoffMs?: number;
  /** Idle time after which a request is abandoned. */
  readonly timeoutMs?: number;
  /**
   * Time one fetchToFile may take in all, retries, redirects and body included, so that a
   * server trickling a byte now and then cannot keep it alive (default: 10 × timeoutMs).
   */
  readonly deadlineMs?: number;
  /** Bytes one download may have, whatever repomd.xml declares, unless the request sets maxBytes (default: 512 MiB). */
  readonly maxFileBytes?: number;
  readonly maxRedirects?: number;
}

const DEFAULTS = {
  userAgent: "elscope/0.1 (+https://github.com/elscope/elscope; measuring Enterprise Linux distributions)",
  concurrency: 4,
  attempts: 4,
  backoffMs: 500,
  timeoutMs: 30_000,
  // The largest real metadata files are tens of MB compressed (RHEL and EPEL primary, Oracle's
  // updateinfo): 512 MiB leaves a tenfold margin and still stops an endless body early.
  maxFileBytes: 512 * 1024 ** 2,
  maxRedirects: 5,
};

class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Fetches one file to disk: atomically (a temporary name renamed on success),
 * conditionally (ETag / Last-Modified), verified (size and checksum while
 * streaming), with retries and backoff, bounded concurrency and redirects
 * followed within limits. It only fetches; it never parses.
 *
 * @example
 * const f = new Fetcher();
 * const r = await f.fetchToFile({ url: "https://repo.almalinux.org/almalinux/9/BaseOS/x86_64/os/repodata/repomd.xml",
 *   dest: "/tmp/repomd.xml", sourceId: "almalinux:9/BaseOS/x86_64", file: "repodata/repomd.xml" });
 */
export class Fetcher {
  private readonly opts: Required<FetcherOptions>;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: FetcherOptions = {}) {
    const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.opts = { ...DEFAULTS, deadlineMs: 10 * timeoutMs, ...options };
  }

  async fetchToFile(req: FetchRequest): Promise<FetchResult> {
    await this.acquire();
    try {
      return await this.withRetries(req);
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < this.opts.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.active--;
  }

  private async withRetries(req: FetchRequest): Promise<FetchResult> {
    const local = localPath(req.url);
    if (local !== null) return this.copyLocal(req, local);
    let last: Retryable | null = null;
    const deadline = Date.now() + this.opts.deadlineMs;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      try {
        return await this.fetchOnce(req, req.url, 0, deadline);
      } catch (e) {
        if (!(e instanceof Retryable)) throw e;
        last = e;
        if (attempt === this.opts.attempts) break;
        const wait = e.retryAfterMs ?? this.opts.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
        if (Date.now() + wait >= deadline) throw this.pastDeadline(req, `${e.message}, no time left to retry`);
        await new Promise((r) => setTimeout(r, Math.min(wait, 30_000)));
      }
    }
    throw new SourceError(req.sourceId, `${last?.message ?? "failed"} (after ${this.opts.attempts} attempts)`, {
      file: req.file,
    });
  }

  /**
   * A local file is copied by the kernel first (so a mirror being rsynced
   * under us cannot change what is verified), then checked through one
   * reused buffer, so a 300 MB file leaves no garbage behind.
   */
  private async copyLocal(req: FetchRequest, path: string): Promise<FetchResult> {
    const tmp = temporaryName(req.dest);
    const verifier = new Verifier(req, this.maxBytes(req));
    try {
      await copyFile(path, tmp);
      const fh = await open(tmp, "r");
      try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) break;
          verifier.update(buf.subarray(0, bytesRead));
        }
      } finally {
        await fh.close();
      }
      const sha256 = verifier.finish();
      await rename(tmp, req.dest);
      return {
        kind: "fetched",
        path: req.dest,
        bytes: verifier.bytes,
        sha256,
        etag: null,
        lastModified: null,
        url: req.url,
      };
    } catch (e) {
      await rm(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") throw new SourceError(req.sourceId, `not found: ${path}`, { file: req.file });
      if (code === "EISDIR") throw new SourceError(req.sourceId, `is a directory: ${path}`, { file: req.file });
      if (code !== undefined) throw new SourceError(req.sourceId, `cannot read ${path}: ${code}`, { file: req.file });
      throw e;
    }
  }

  private pastDeadline(req: FetchRequest, detail: string): SourceError {
    return new SourceError(
      req.sourceId,
      `not fetched within the ${this.opts.deadlineMs / 1000} s deadline (${detail})`,
      {
        file: req.file,
      },
    );
  }

  private fetchOnce(req: FetchRequest, url: string, redirects: number, deadline: number): Promise<FetchResult> {
    let timer: NodeJS.Timeout | undefined;
    return new Promise<FetchResult>((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        reject(
          new ConfigError(req.sourceId, `invalid URL "${url}"`, {
            file: req.file,
          }),
        );
        return;
      }
      const isHttps = parsed.protocol === "https:";
      if (!isHttps && parsed.protocol !== "http:") {
        reject(
          new ConfigError(req.sourceId, `unsupported URL scheme in "${url}"`, {
            file: req.file,
          }),
        );
        return;
      }
      const headers: Record<string, string> = {
        "user-agent": this.opts.userAgent,
        accept: "*/*",
      };
      if (req.etag) headers["if-none-match"] = req.etag;
      if (req.lastModified) headers["if-modified-since"] = req.lastModified;
      const options: https.RequestOptions = {
        method: "GET",
        headers,
        timeout: this.opts.timeoutMs,
      };
      if (isHttps && req.tls !== undefined) {
        Object.assign(options, loadTls(req));
      }
      const mod = isHttps ? https : http;
      const request = mod.request(parsed, options, (res) => {
        const status = res.statusCode ?? 0;
        const fail = (e: Error): void => {
          res.resume();
          reject(e);
        };
        if (status >= 300 && status < 400 && status !== 304) {
          const location = res.headers.location;
          res.resume();
          if (location === undefined)
            return fail(
              new SourceError(req.sourceId, `HTTP ${status} without Location`, {
                file: req.file,
              }),
            );
          if (redirects >= this.opts.maxRedirects) {
            return fail(
              new SourceError(req.sourceId, `more than ${this.opts.maxRedirects} redirects`, { file: req.file }),
            );
          }
          const refused = refusedRedirect(req.url, parsed, location);
          if (typeof refused === "string") return fail(new SourceError(req.sourceId, refused, { file: req.file }));
          this.fetchOnce(req, refused.href, redirects + 1, deadline).then(resolve, reject);
          return;
        }
        if (status === 304) {
          res.resume();
          resolve({ kind: "unchanged" });
          return;
        }
        if (status === 429 || status >= 500) {
          const ra = Number(res.headers["retry-after"]);
          return fail(
            new Retryable(`HTTP ${status} from ${url}`, Number.isFinite(ra) ? Math.min(ra, 30) * 1000 : null),
          );
        }
        if (status !== 200)
          return fail(
            new SourceError(req.sourceId, `HTTP ${status} from ${url}`, {
              file: req.file,
            }),
          );
        const declared = Number(res.headers["content-length"]);
        // Refused before a byte is written when the server says up front that it is too large.
        if (Number.isFinite(declared) && declared > this.maxBytes(req))
          return fail(tooLarge(req, this.maxBytes(req), `Content-Length ${declared}`));
        onDeadline = (e) => res.destroy(e);
        const etag = header(res.headers.etag);
        const lastModified = header(res.headers["last-modified"]);
        this.writeVerified(req, res, url, etag, lastModified, Number.isFinite(declared) ? declared : null).then(
          resolve,
          reject,
        );
      });
      // The silence timeout above restarts with every byte; this one does not. Cleared when the
      // whole chain settles (finally below), not on 'close', which may come before the body ends.
      let onDeadline = (e: Error): void => void request.destroy(e);
      timer = setTimeout(
        () => onDeadline(this.pastDeadline(req, `still fetching ${url}`)),
        Math.max(0, deadline - Date.now()),
      );
      request.on("timeout", () =>
        request.destroy(new Retryable(`no answer within ${this.opts.timeoutMs} ms from ${url}`)),
      );
      request.on("error", (e: NodeJS.ErrnoException) => {
        if (e instanceof Retryable || e instanceof SourceError || e instanceof ConfigError) reject(e);
        else if (e.code?.startsWith("ERR_TLS") || e.code?.includes("CERT") || /ssl|tls/i.test(e.message)) {
          reject(new SourceError(req.sourceId, `TLS failure with ${url}: ${e.message}`, { file: req.file }));
        } else reject(new Retryable(`${e.code ?? e.message} from ${url}`));
      });
      request.end();
    }).finally(() => clearTimeout(timer));
  }

  private maxBytes(req: FetchRequest): number {
    // A caller that knows how large its file may be says so (repomd.xml, a CSAF archive); else the fetcher's limit.
    return req.maxBytes ?? this.opts.maxFileBytes;
  }

  /** Streams `body` to a temporary file beside `dest`, checking size and checksum, then renames it into place. */
  private async writeVerified(
    req: FetchRequest,
    body: NodeJS.ReadableStream,
    url: string,
    etag: string | null,
    lastModified: string | null,
    declaredLength: number | null = null,
  ): Promise<FetchResult> {
    const tmp = temporaryName(req.dest);
    const verifier = new Verifier(req, this.maxBytes(req));
    const out = createWriteStream(tmp);
    // Kept until checked, so a failed write (disk full) is never an unhandled 'error' event.
    const failure: { error?: Error } = {};
    out.on("error", (e) => {
      failure.error ??= e;
    });
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        verifier.update(chunk);
        if (failure.error !== undefined) throw failure.error;
        if (!out.write(chunk)) await once(out, "drain");
      }
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      if (declaredLength !== null && verifier.bytes !== declaredLength) {
        throw new SourceError(req.sourceId, `download truncated: got ${verifier.bytes} of ${declaredLength} bytes`, {
          file: req.file,
        });
      }
      const sha256 = verifier.finish();
      await rename(tmp, req.dest);
      return { kind: "fetched", path: req.dest, bytes: verifier.bytes, sha256, etag, lastModified, url };
    } catch (e) {
      out.destroy();
      await rm(tmp, { force: true });
      if (e instanceof SourceError || e instanceof ConfigError || e instanceof Retryable) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || (e as Error).message === "aborted") {
        throw new Retryable(`connection dropped after ${verifier.bytes} bytes from ${url}`);
      }
      throw e;
    }
  }
}

/** Checks a file's bytes as they pass: size limits, SHA-256 and the expected checksum. */
class Verifier {
  private readonly sha256 = createHash("sha256");
  private readonly other: ReturnType<typeof createHash> | null;
  bytes = 0;

  constructor(
    private readonly req: FetchRequest,
    private readonly max: number,
  ) {
    const e = req.expect;
    this.other = e !== undefined && e.checksumType !== "sha256" ? createHash(e.checksumType) : null;
  }

  update(chunk: Buffer): void {
    const { req } = this;
    this.bytes += chunk.length;
    if (this.bytes > this.max) throw tooLarge(req, this.max, `${this.bytes} bytes so far`);
    const limit = req.expect?.size ?? null;
    if (limit !== null && this.bytes > limit) {
      throw new SourceError(req.sourceId, `larger than the ${limit} bytes repomd.xml declares`, { file: req.file });
    }
    this.sha256.update(chunk);
    this.other?.update(chunk);
    req.onBytes?.(chunk.length);
  }

  /** Returns the SHA-256; throws when size or checksum differ from what repomd.xml says. */
  finish(): string {
    const { req, bytes } = this;
    const digest = this.sha256.digest("hex");
    const expect = req.expect;
    if (expect === undefined) return digest;
    if (expect.size !== null && bytes !== expect.size) {
      throw new SourceError(req.sourceId, `size mismatch: repomd.xml says ${expect.size} bytes, got ${bytes}`, {
        file: req.file,
      });
    }
    const got = this.other === null ? digest : this.other.digest("hex");
    if (got !== expect.checksum) {
      throw new SourceError(
        req.sourceId,
        `checksum mismatch: repomd.xml says ${expect.checksumType} ${expect.checksum}, got ${got}`,
        { file: req.file },
      );
    }
    return digest;
  }
}

function tooLarge(req: FetchRequest, max: number, seen: string): SourceError {
  return new SourceError(req.sourceId, `larger than the ${formatByteSize(max)} allowed for one file (${seen})`, {
    file: req.file,
  });
}

/**
 * Where a redirect from `current` to `location` may go, or why not. Redirects stay within the
 * origin (scheme, host and port, RFC 6454 §4) of the URL first asked for (`first`): a catalog
 * or --url names the hosts elscope may fetch from, and a 3xx (RFC 9110 §15.4) must not take it
 * anywhere else, not even another port of the same host, nor to file:// or ftp://.
 */
export function refusedRedirect(first: string, current: URL, location: string): URL | string {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch {
    return `redirect to an invalid URL "${location}"`;
  }
  if (next.protocol !== "http:" && next.protocol !== "https:")
    return `refusing redirect to ${next.protocol} (${next.href})`;
  const origin = new URL(first).origin;
  if (next.origin !== origin) return `refusing redirect from ${origin} to another origin (${next.href})`;
  return next;
}

function temporaryName(dest: string): string {
  return `${dest}.part-${process.pid}-${randomBytes(4).toString("hex")}`;
}

function header(v: string | string[] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

/** A plain path or file:// URL gives the local path; anything else null. */
export function localPath(url: string): string | null {
  if (url.startsWith("file://")) return fileURLToPath(url);
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url)) return null;
  return url;
}

function loadTls(req: FetchRequest): https.RequestOptions {
  const tls = req.tls ?? {};
  const read = (path: string | undefined, what: string): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      // Certificates are small; reading them synchronously keeps request set-up simple.
      return readFileSync(path);
    } catch (e) {
      throw new ConfigError(req.sourceId, `cannot read TLS ${what} ${path}: ${(e as Error).message}`);
    }
  };
  return {
    cert: read(tls.cert, "certificate"),
    key: read(tls.key, "key"),
    ca: read(tls.ca, "CA"),
  };
}
