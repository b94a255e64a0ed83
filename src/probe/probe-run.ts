import type { ProbeStatus } from "./mirror-health.js";

/** One mirror's result in a probe run. */
export interface ProbeResult {
  readonly mirror: string;
  readonly url: string;
  readonly status: ProbeStatus;
  readonly detail: string | null;
  readonly httpStatus: number | null;
  readonly latencyMs: number | null;
  readonly behindHours: number | null;
  readonly repomdTime: string | null;
  readonly ipv6: boolean | null;
  readonly flapping: boolean;
}

/** One probe run: a distribution's mirrors against one repository. */
export interface ProbeRun {
  readonly distro: string;
  readonly target: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly reference: {
    readonly source: string;
    readonly url: string | null;
    readonly sha256: string | null;
    readonly time: string | null;
  };
  readonly summary: Readonly<Record<ProbeStatus | "mirrors" | "skipped" | "flapping", number>> & {
    readonly medianLatencyMs: number | null;
  };
  readonly skipped: readonly { readonly mirror: string; readonly why: string }[];
  readonly results: readonly ProbeResult[];
}
