import { UsageError } from "../errors/usage-error.js";

/** pg-boss's timing: how long a job may run, how it is retried, how often queues are looked at. */
export interface JobSettings {
  /** A job active longer than this is taken as lost (its worker died) and retried. */
  readonly expireInSeconds: number;
  readonly retryLimit: number;
  /** The first retry's delay; retryBackoff doubles it each time, with jitter. */
  readonly retryDelaySeconds: number;
  /** How often an idle worker asks for a job. */
  readonly pollingIntervalSeconds: number;
  /** How often pg-boss's maintenance looks for expired jobs (and archives old ones). */
  readonly maintenanceIntervalSeconds: number;
}

// Defaults: a sync of a large repository (AppStream, 30 MB of metadata on a slow mirror) takes
// minutes, so an hour passes only when its worker is gone; pg-boss's own defaults are 15 min
// expiry, 2 s polling and 120 s maintenance (https://github.com/timgit/pg-boss/blob/10.x/docs/api/constructor.md).
const DEFAULTS: JobSettings = {
  expireInSeconds: 3600,
  retryLimit: 3,
  retryDelaySeconds: 60,
  pollingIntervalSeconds: 2,
  maintenanceIntervalSeconds: 60,
};

const ENV: Readonly<Record<keyof JobSettings, string>> = {
  expireInSeconds: "ELSCOPE_JOB_EXPIRE_SECONDS",
  retryLimit: "ELSCOPE_JOB_RETRY_LIMIT",
  retryDelaySeconds: "ELSCOPE_JOB_RETRY_DELAY_SECONDS",
  pollingIntervalSeconds: "ELSCOPE_JOB_POLL_SECONDS",
  maintenanceIntervalSeconds: "ELSCOPE_JOB_MAINTENANCE_SECONDS",
};

/**
 * The settings, each overridable by its environment variable (tests shorten them; an operator
 * with very large repositories lengthens ELSCOPE_JOB_EXPIRE_SECONDS).
 *
 * @example
 * jobSettings({ ELSCOPE_JOB_EXPIRE_SECONDS: "5" }).expireInSeconds // 5
 */
export function jobSettings(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const out: Record<string, number> = {};
  for (const [name, fallback] of Object.entries(DEFAULTS) as [keyof JobSettings, number][]) {
    const text = env[ENV[name]];
    if (text === undefined || text === "") {
      out[name] = fallback;
      continue;
    }
    const n = Number(text);
    // pg-boss wants whole seconds and at least 1 for its intervals, retries may be 0.
    const min = name === "retryLimit" || name === "retryDelaySeconds" ? 0 : 1;
    if (!Number.isInteger(n) || n < min)
      throw new UsageError("environment", `${ENV[name]} wants a whole number ≥ ${min}, got "${text}"`);
    out[name] = n;
  }
  return out as unknown as JobSettings;
}
