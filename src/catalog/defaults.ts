/** Facts checked longer ago than this many days are flagged stale (CLI, API and report alike). */
export const STALE_DAYS = 180;

/** How many of a distribution's newest mirror probe runs the health figures (flapping) read. */
export const PROBE_HISTORY_DEPTH = 5;
