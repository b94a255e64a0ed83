// The part of autocannon's programmatic API bench:load uses (the package ships no types).
declare module "autocannon" {
  /** One hdr-histogram summary (milliseconds for latency, counts per second for requests). */
  export interface Histogram {
    readonly min: number;
    readonly max: number;
    readonly average: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
  }
  export interface Result {
    readonly latency: Histogram;
    readonly requests: Histogram & { readonly total: number };
    /** Bytes received per second; `total` is every byte of every answer, headers included. */
    readonly throughput: Histogram & { readonly total: number };
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly duration: number;
  }
  export interface Options {
    readonly url: string;
    readonly connections?: number;
    readonly duration?: number;
    readonly timeout?: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly requests?: readonly { readonly path: string; readonly method?: string }[];
  }
  export default function autocannon(opts: Options): Promise<Result>;
}
