import { refusedRedirect } from "./fetcher.js";

/** How one POST is tried. */
export interface PostJsonOptions {
  /** Deadline of each attempt, connection and answer included. */
  readonly timeoutMs: number;
  /** Attempts after the first when one fails (an error status, no answer, a timeout). */
  readonly retries: number;
  /** Wait before the first retry; doubled before each next one. */
  readonly backoffMs?: number;
}

/** A POST's outcome: delivered (a 2xx), or failed after every attempt, with the last problem. */
export type PostJsonOutcome =
  | { readonly kind: "delivered"; readonly status: number; readonly attempts: number }
  | { readonly kind: "failed"; readonly attempts: number; readonly problem: string };

const MAX_REDIRECTS = 3;

/** One attempt, following 307/308 redirects within the origin (the only ones that keep a POST a POST). */
async function attempt(url: string, body: string, timeoutMs: number): Promise<{ status: number } | string> {
  const signal = AbortSignal.timeout(timeoutMs);
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetch(current, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "elscope-watch" },
        body,
        redirect: "manual",
        signal,
      });
    } catch (e) {
      const err = e as Error & { cause?: { message?: string } };
      return signal.aborted
        ? `no answer within ${timeoutMs / 1000} s`
        : `${err.message}${err.cause?.message === undefined ? "" : `: ${err.cause.message}`}`;
    }
    // The body is not read: only the status says whether it was taken.
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 300 || res.status >= 400) return { status: res.status };
    const location = res.headers.get("location");
    if ((res.status !== 307 && res.status !== 308) || location === null)
      return `HTTP ${res.status}: a redirect that does not keep the POST (307/308 only); not followed`;
    if (hop >= MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
    const next = refusedRedirect(url, current, location);
    if (typeof next === "string") return next;
    current = next;
  }
}

/**
 * POSTs a JSON document, retrying with exponential backoff; each attempt has its own deadline,
 * so a receiver that never answers costs at most (retries + 1) × timeout. Redirects are followed
 * within the URL's origin only (307/308). Never throws: a failure is an outcome.
 *
 * @example
 * const r = await postJson("https://hooks.example/elscope", { alerts: [] }, { timeoutMs: 10_000, retries: 3 });
 */
export async function postJson(url: string, payload: unknown, opts: PostJsonOptions): Promise<PostJsonOutcome> {
  const body = JSON.stringify(payload);
  let problem = "";
  let wait = opts.backoffMs ?? 500;
  for (let n = 1; n <= opts.retries + 1; n++) {
    const r = await attempt(url, body, opts.timeoutMs);
    if (typeof r !== "string" && r.status >= 200 && r.status < 300)
      return { kind: "delivered", status: r.status, attempts: n };
    problem = typeof r === "string" ? r : `HTTP ${r.status}`;
    if (n <= opts.retries) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }
  return { kind: "failed", attempts: opts.retries + 1, problem };
}
