import { type Kysely, sql } from "#kysely";
import type { Database } from "./database.js";

/** The first and last time of one kind of history in the store (ISO 8601), or null when it has none. */
export interface HistorySpan {
  readonly first: string;
  readonly last: string;
}

/** When each kind of history the store keeps begins and ends: what an as-of time can reach. */
export interface HistoryRange {
  /** Repository snapshots, by fetch time. */
  readonly snapshots: HistorySpan | null;
  /** Mirror lists, by observation (a git history's commit times). */
  readonly mirrorLists: HistorySpan | null;
  /** Advisories, by the time the store knew them (feed commit, else first import). */
  readonly advisories: HistorySpan | null;
  /** Image observations. */
  readonly images: HistorySpan | null;
  /** Mirror probe runs, by finish time. */
  readonly probes: HistorySpan | null;
}

/**
 * The span of every kind of history, optionally of some distributions only: the range `elscope
 * trend` defaults to, and what "no data as of" is measured against.
 *
 * @example
 * const { mirrorLists } = await historyRange(db, ["almalinux"]); // { first: "2021-...", last: "2026-..." }
 */
export async function historyRange(db: Kysely<Database>, distros?: readonly string[]): Promise<HistoryRange> {
  const only = distros !== undefined && distros.length > 0 ? [...distros] : null;
  const span = (rows: readonly { first: string | null; last: string | null }[]): HistorySpan | null => {
    const r = rows[0];
    return r === undefined || r.first === null || r.last === null ? null : { first: r.first, last: r.last };
  };
  const snapshots = await db
    .selectFrom("snapshots as s")
    .innerJoin("repositories as r", "r.id", "s.repository_id")
    .$if(only !== null, (q) => q.where("r.distro", "in", only ?? []))
    .select((eb) => [eb.fn.min("s.fetched_at").as("first"), eb.fn.max("s.fetched_at").as("last")])
    .execute();
  const mirrorLists = await db
    .selectFrom("mirror_snapshots")
    .$if(only !== null, (q) => q.where("distro", "in", only ?? []))
    .select((eb) => [eb.fn.min("observed_at").as("first"), eb.fn.max("observed_at").as("last")])
    .execute();
  const known = sql<string>`coalesce(first_seen_git, first_seen_observer)`;
  const advisories = await db
    .selectFrom("advisories")
    .$if(only !== null, (q) => q.where("distro", "in", only ?? []))
    .select((eb) => [eb.fn.min(known).as("first"), eb.fn.max(known).as("last")])
    .execute();
  const images = await db
    .selectFrom("image_imports")
    .$if(only !== null, (q) => q.where("distro", "in", only ?? []))
    .select((eb) => [eb.fn.min("observed_at").as("first"), eb.fn.max("observed_at").as("last")])
    .execute();
  const probes = await db
    .selectFrom("probe_runs")
    .$if(only !== null, (q) => q.where("distro", "in", only ?? []))
    .select((eb) => [eb.fn.min("finished_at").as("first"), eb.fn.max("finished_at").as("last")])
    .execute();
  return {
    probes: span(probes),
    snapshots: span(snapshots),
    mirrorLists: span(mirrorLists),
    advisories: span(advisories),
    images: span(images),
  };
}
