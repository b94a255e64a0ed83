import http from "node:http";
import https from "node:https";

/** What one range read of a package's first bytes saw; it never throws. */
export type RangeRead =
  | {
      readonly kind: "ok";
      readonly httpStatus: number;
      /** The first bytes of the file, at most the limit asked. */
      readonly bytes: Buffer;
      /** False when the server ignored `Range` (200): reading stopped at the limit and the connection was dropped. */
      readonly ranged: boolean;
    }
  | { readonly kind: "error"; readonly problem: string; readonly httpStatus: number | null };

/** Limits of a range read. */
export interface RangeOptions {
  /** Bytes read at most, whatever the server sends. */
  readonly maxBytes: number;
  /** Whole-request deadline: connect, headers and body, redirects included. */
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly maxRedirects?: number;
}

type Hop = RangeRead | { readonly kind: "redirect"; readonly to: URL };

function once(url: URL, opts: RangeOptions, deadline: number): Promise<Hop> {
  return new Promise((resolve) => {
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.get(
      url,
      {
        headers: { "user-agent": opts.userAgent, accept: "*/*", range: `bytes=0-${opts.maxBytes - 1}` },
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location !== undefined) {
          res.destroy();
          resolve({ kind: "redirect", to: new URL(location, url) });
          return;
        }
        if (status !== 200 && status !== 206) {
          res.destroy();
          resolve({ kind: "error", problem: `HTTP ${status}`, httpStatus: status });
          return;
        }
        const parts: Buffer[] = [];
        let size = 0;
        const done = (): void => {
          resolve({
            kind: "ok",
            httpStatus: status,
            bytes: Buffer.concat(parts).subarray(0, opts.maxBytes),
            ranged: status === 206,
          });
        };
        res.on("data", (c: Buffer) => {
          parts.push(c);
          size += c.length;
          if (size >= opts.maxBytes) {
            // Enough: a server that ignored Range would send the whole package.
            done();
            req.destroy();
          }
        });
        res.on("end", done);
        res.on("error", (e) => resolve({ kind: "error", problem: e.message, httpStatus: status }));
      },
    );
    const timer = setTimeout(
      () => {
        resolve({ kind: "error", problem: `no answer within ${opts.timeoutMs / 1000} s`, httpStatus: null });
        req.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e: NodeJS.ErrnoException) =>
      resolve({
        kind: "error",
        problem: e.code === undefined ? e.message : `${e.code}: ${e.message}`,
        httpStatus: null,
      }),
    );
  });
}

/**
 * Reads at most `maxBytes` from the start of a package with `Range: bytes=0-(maxBytes-1)`: a 206
 * answer, or a 200 whose body is cut at the limit (the socket destroyed, the rest never read).
 * Redirects are followed only within the URL's origin (scheme, host and port). Never throws.
 *
 * @example
 * await rpmHeaderRange("https://repo.almalinux.org/almalinux/9/BaseOS/x86_64/os/Packages/bash-5.1.8-9.el9.x86_64.rpm",
 *   { maxBytes: 65536, timeoutMs: 30_000, userAgent: "elscope" });
 */
export async function rpmHeaderRange(url: string, opts: RangeOptions): Promise<RangeRead> {
  const deadline = Date.now() + opts.timeoutMs;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { kind: "error", problem: `not a URL: ${url}`, httpStatus: null };
  }
  if (!/^https?:$/.test(current.protocol))
    return { kind: "error", problem: `not an HTTP(S) URL: ${url}`, httpStatus: null };
  const origin = current.origin;
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const r = await once(current, opts, deadline);
    if (r.kind !== "redirect") return r;
    if (r.to.origin !== origin)
      return { kind: "error", problem: `redirect to another origin refused: ${r.to.href}`, httpStatus: null };
    current = r.to;
  }
  return { kind: "error", problem: "too many redirects", httpStatus: null };
}
