/** How a mirror's copy of a repository compares with the reference. */
export type ProbeStatus = "in-sync" | "ahead" | "behind" | "stale" | "unreachable" | "broken";

/** Statuses where the mirror serves a usable repository. */
export const SERVING: ReadonlySet<ProbeStatus> = new Set(["in-sync", "ahead", "behind"]);
