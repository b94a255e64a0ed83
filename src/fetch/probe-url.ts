import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, connect } from "node:net";

/** What one probe request saw; it never throws. */
export type ProbeFetch =
  | { readonly kind: "ok"; readonly httpStatus: number; readonly latencyMs: number; readonly body: Buffer }
  | { readonly kind: "http-error"; readonly httpStatus: number; readonly latencyMs: number }
  | { readonly kind: "network-error"; readonly problem: string; readonly latencyMs: number }
  | { readonly kind: "tls-error"; readonly problem: string; readonly latencyMs: number }
  | { readonly kind: "refused-redirect"; readonly to: string; readonly latencyMs: number }
  | { readonly kind: "too-large"; readonly latencyMs: number };

export interface ProbeOptions {
  /** Whole-request deadline: connect, headers and body. */
  readonly timeoutMs: number;
  /** Hosts a redirect may lead to; a probe never goes anywhere else. */
  readonly allowedHosts: ReadonlySet<string>;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  readonly userAgent: string;
  /** Extra CA certificates (PEM), for test servers with their own CA. */
  readonly ca?: string | Buffer;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME|ERR_TLS/i;

function once(url: URL, opts: ProbeOptions, deadline: number): Promise<ProbeFetch | { kind: "redirect"; to: URL }> {
  const started = Date.now();
  const elapsed = (): number => Date.now() - started;
  return new Promise((resolve) => {
    const mod = url.protocol === "https:" ? https : http;
    const req = mod.get(
      url,
      {
        headers: { "user-agent": opts.userAgent, accept: "*/*" },
        agent: false,
        ...(opts.ca === undefined ? {} : { ca: opts.ca }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location !== undefined) {
          res.resume();
          resolve({ kind: "redirect", to: new URL(location, url) });
          return;
        }
        if (status !== 200) {
          res.resume();
          resolve({ kind: "http-error", httpStatus: status, latencyMs: elapsed() });
          return;
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > (opts.maxBytes ?? 1 << 20)) {
            resolve({ kind: "too-large", latencyMs: elapsed() });
            req.destroy();
          } else parts.push(c);
        });
        res.on("end", () =>
          resolve({ kind: "ok", httpStatus: status, latencyMs: elapsed(), body: Buffer.concat(parts) }),
        );
        res.on("error", (e) => resolve({ kind: "network-error", problem: e.message, latencyMs: elapsed() }));
      },
    );
    const timer = setTimeout(
      () => {
        resolve({
          kind: "network-error",
          problem: `no answer within ${opts.timeoutMs / 1000} s`,
          latencyMs: elapsed(),
        });
        req.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e: NodeJS.ErrnoException) => {
      const problem = e.code === undefined ? e.message : `${e.code}: ${e.message}`;
      resolve(
        TLS_CODES.test(e.code ?? "") || TLS_CODES.test(e.message)
          ? { kind: "tls-error", problem, latencyMs: elapsed() }
          : { kind: "network-error", problem, latencyMs: elapsed() },
      );
    });
  });
}

/**
 * Fetches one small file from a mirror with a hard deadline, following
 * redirects only to hosts in `allowedHosts` (a probe must never reach a host
 * that no mirror list names), and reports what happened instead of throwing.
 *
 * @example
 * await probeUrl("https://mirror.example/almalinux/9/BaseOS/x86_64/os/repodata/repomd.xml",
 *   { timeoutMs: 10_000, allowedHosts: new Set(["mirror.example"]), userAgent: "elscope" });
 */
export async function probeUrl(url: string, opts: ProbeOptions): Promise<ProbeFetch> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let current = new URL(url);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const r = await once(current, opts, deadline);
    if (r.kind !== "redirect") return { ...r, latencyMs: Date.now() - started };
    const to = r.to;
    const downgrade = current.protocol === "https:" && to.protocol !== "https:";
    if (!opts.allowedHosts.has(to.hostname.toLowerCase()) || downgrade || !/^https?:$/.test(to.protocol)) {
      return { kind: "refused-redirect", to: to.href, latencyMs: Date.now() - started };
    }
    current = to;
  }
  return { kind: "network-error", problem: "too many redirects", latencyMs: Date.now() - started };
}

/**
 * Whether a mirror host answers over IPv6: an IPv6 literal does by itself,
 * an IPv4 literal does not; a name needs an AAAA record and a TCP connection
 * to it on `port` within `timeoutMs`.
 *
 * @example
 * await reachableOverIpv6("mirror.example", 443, 5000) // true | false
 */
export async function reachableOverIpv6(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const bare = host.replace(/^\[|\]$/g, "");
  if (isIP(bare) === 6) return true;
  if (isIP(bare) === 4) return false;
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(bare, { all: true, family: 6 });
  } catch {
    return false;
  }
  const v6 = addresses.find((a) => a.family === 6);
  if (v6 === undefined) return false;
  return new Promise((resolve) => {
    const socket = connect({ host: v6.address, port, family: 6, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.on("connect", () => done(true));
    socket.on("timeout", () => done(false));
    socket.on("error", () => done(false));
  });
}
