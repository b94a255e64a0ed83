/** Facts checked longer ago than this many days are flagged stale (CLI, API and report alike). */
export const STALE_DAYS = 180;

/** How many of a distribution's newest mirror probe runs the health figures (flapping) read. */
export const PROBE_HISTORY_DEPTH = 5;

/**
 * The first `elscope update` of a CSAF advisory tree (no cursor yet) takes the documents that
 * changes.csv lists as changed in this many days before its newest entry, not the whole tree
 * (Red Hat's holds tens of thousands); later runs take what changed since. For the whole history,
 * `elscope import redhat-csaf` the tree's archive (archive_latest.txt names it).
 */
export const CSAF_FIRST_RUN_DAYS = 30;
