/** Limits for {@link HostScheduler}. */
export interface HostLimits {
  /** Requests in flight across all hosts. */
  readonly concurrency: number;
  /** Requests in flight to one host. */
  readonly perHost: number;
  /** Least time between the starts of two requests to one host (politeness). */
  readonly intervalMs: number;
}

interface HostState {
  active: number;
  nextStart: number;
  readonly waiting: (() => void)[];
}

/**
 * Runs tasks keyed by host under a global and a per-host concurrency bound,
 * spacing requests to one host by at least `intervalMs`. A task waiting for a
 * busy host does not hold a global slot, so one slow host cannot stall the rest.
 *
 * @example
 * const s = new HostScheduler({ concurrency: 64, perHost: 2, intervalMs: 1000 });
 * await Promise.all(urls.map((u) => s.run(new URL(u).hostname, () => fetch(u))));
 */
export class HostScheduler {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly limits: HostLimits) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const h = this.hosts.get(host) ?? { active: 0, nextStart: 0, waiting: [] };
    this.hosts.set(host, h);
    // A released slot is handed straight to the next waiter, so no newcomer can slip in between.
    if (h.active < this.limits.perHost) h.active++;
    else await new Promise<void>((r) => h.waiting.push(r));
    try {
      const wait = h.nextStart - Date.now();
      h.nextStart = Math.max(Date.now(), h.nextStart) + this.limits.intervalMs;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (this.active < this.limits.concurrency) this.active++;
      else await new Promise<void>((r) => this.waiting.push(r));
      try {
        return await task();
      } finally {
        const next = this.waiting.shift();
        if (next === undefined) this.active--;
        else next();
      }
    } finally {
      const next = h.waiting.shift();
      if (next === undefined) h.active--;
      else next();
    }
  }
}
