import { spawnSync } from "node:child_process";

/** One timed run of a command: wall and CPU seconds and peak RSS, as GNU time reports them. */
export interface Sample {
  readonly seconds: number;
  /** User plus system CPU of the command and the children it waited for (both cores). */
  readonly cpuSeconds: number;
  /** The largest RSS of the command or of any one child, not their sum. */
  readonly maxRssMb: number;
  readonly stdout: string;
}

/**
 * Runs `cmd` under GNU time (`/usr/bin/time`), with `env` added to this process's environment.
 *
 * @example
 * const s = timed(["xz", "-dc", "primary.xml.xz"]); // s.seconds, s.cpuSeconds, s.maxRssMb
 */
export function timed(cmd: readonly string[], env: Readonly<Record<string, string>> = {}): Sample {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", ...cmd], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const last = r.stderr.trim().split("\n").pop() ?? "";
  const [secs, user, sys, kb] = last.split(" ").map(Number);
  return {
    seconds: secs ?? NaN,
    cpuSeconds: (user ?? NaN) + (sys ?? NaN),
    maxRssMb: (kb ?? NaN) / 1024,
    stdout: r.stdout,
  };
}
