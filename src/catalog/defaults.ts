/** Facts checked longer ago than this many days are flagged stale (CLI, API and report alike). */
export const STALE_DAYS = 180;

/** How many of a distribution's newest mirror probe runs the health figures (flapping) read. */
export const PROBE_HISTORY_DEPTH = 5;

/**
 * The errata convention of a minor's GA looks for its batch of advisories this many days either side
 * of the announcement. In the AlmaLinux OSV data (shared/data, 2019-11 .. 2026-08) every RHEL GA
 * batch fell 0 to 7 days from endoflife.date's announcement (9.6 and 10.0: 2025-05-13 against
 * 2025-05-20), and no two minors of one major are closer than five months.
 */
export const ERRATA_BATCH_WINDOW_DAYS = 14;

/**
 * A day is a GA batch when at least this many upstream advisories for the major came out on it. The
 * smallest batch in that data is 19 (10.1 on 2025-11-11); within the window, other days have at most
 * a few, so 10 separates them.
 */
export const ERRATA_BATCH_MIN_ADVISORIES = 10;

/**
 * The first `elscope update` of a CSAF advisory tree (no cursor yet) takes the documents that
 * changes.csv lists as changed in this many days before its newest entry, not the whole tree
 * (Red Hat's holds tens of thousands); later runs take what changed since. For the whole history,
 * `elscope import redhat-csaf` the tree's archive (archive_latest.txt names it).
 */
export const CSAF_FIRST_RUN_DAYS = 30;

/**
 * How often the scheduler (`elscope schedule`, `elscope serve --schedule`) looks at a repository
 * again, in hours. Rebuilds publish several times a day at most and repomd.xml is fetched
 * conditionally, so a check every 6 hours finds a day's updates the same day at the cost of a 304.
 */
export const SYNC_CADENCE_HOURS = 6;

/**
 * Hours between mirror probes of a distribution. Mirrors pull every few hours (AlmaLinux asks for
 * at least every 3 h, Rocky for every 6 h), and "behind" is judged against staleAfterHours (24 h),
 * so probing every 4 hours sees each mirror at least once between two of its pulls.
 */
export const PROBE_CADENCE_HOURS = 4;

/**
 * Hours between refreshes of the live sources (release dates, advisories, mirror lists). They
 * change a few times a week; daily keeps the figures within a day of the sources and costs the
 * sources' hosts one conditional request a day each.
 */
export const UPDATE_CADENCE_HOURS = 24;

/**
 * Minutes between two runs of the plan job that enqueues what is due. Short against the
 * cadences above (hours), so a due job waits a few minutes at most; long enough that the plan,
 * which reads every repository's last check, is not a load of its own.
 */
export const PLAN_EVERY_MINUTES = 5;
