import type { Kysely } from "#kysely";
import type { Database } from "./database.js";
import { storeFingerprint } from "./store-fingerprint.js";

/** An answer as kept: what it answers, what it read, from which state, and its bytes. */
export interface StoredAnswer {
  readonly key: string;
  /** The distributions it reads, sorted; `["*"]` for every one. */
  readonly scope: readonly string[];
  readonly fingerprint: string;
  readonly computedAt: string;
  readonly type: string;
  readonly body: string;
}

/** Every distribution: the scope of answers over the whole store (the report, the mirror list). */
export const EVERY_DISTRO = "*";

/**
 * Answers kept in the store until the data they were computed from changes (migration 0009),
 * and the refreshes commands have promised. Knows nothing of what an answer means: its key, its
 * scope and its bytes.
 *
 * @example
 * const answers = new StoredAnswerStore(store.db);
 * const kept = await answers.get("/api/report?");
 * const fresh = kept !== null && kept.fingerprint === (await answers.fingerprint(kept.scope));
 */
export class StoredAnswerStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<StoredAnswer | null> {
    const r = await this.db.selectFrom("stored_answers").selectAll().where("key", "=", key).executeTakeFirst();
    return r === undefined ? null : toAnswer(r);
  }

  /** Kept answers whose scope includes one of `distros` (or every distribution), without their bodies. */
  async touching(distros: readonly string[]): Promise<readonly Omit<StoredAnswer, "body" | "type">[]> {
    const rows = await this.db
      .selectFrom("stored_answers")
      .select(["key", "scope", "fingerprint", "computed_at"])
      .orderBy("key")
      .execute();
    const wanted = new Set([...distros, EVERY_DISTRO]);
    return rows
      .map((r) => ({
        key: r.key,
        scope: JSON.parse(r.scope) as string[],
        fingerprint: r.fingerprint,
        computedAt: r.computed_at,
      }))
      .filter((a) => distros.includes(EVERY_DISTRO) || a.scope.some((d) => wanted.has(d)));
  }

  /** Keeps `answer`, replacing the one with its key. */
  async put(answer: StoredAnswer): Promise<void> {
    const row = {
      key: answer.key,
      scope: JSON.stringify(answer.scope),
      fingerprint: answer.fingerprint,
      computed_at: answer.computedAt,
      type: answer.type,
      body: answer.body,
    };
    await this.db
      .insertInto("stored_answers")
      .values(row)
      .onConflict((oc) => oc.column("key").doUpdateSet(row))
      .execute();
  }

  /** Says that `owner` will refresh the answers of `distros` once its writes commit. */
  async promise(owner: string, distros: readonly string[], now: Date): Promise<void> {
    if (distros.length === 0) return;
    const rows = [...new Set(distros)].map((distro) => ({ distro, owner, started_at: now.toISOString() }));
    await this.db
      .insertInto("answer_refreshes")
      .values(rows)
      .onConflict((oc) => oc.columns(["distro", "owner"]).doUpdateSet({ started_at: now.toISOString() }))
      .execute();
  }

  /** `owner` has refreshed (or given up). */
  async fulfil(owner: string): Promise<void> {
    await this.db.deleteFrom("answer_refreshes").where("owner", "=", owner).execute();
  }

  /** Whether a refresh of any of `scope`'s distributions was promised after `since` (ISO). */
  async refreshing(scope: readonly string[], since: string): Promise<boolean> {
    let q = this.db.selectFrom("answer_refreshes").select("distro").where("started_at", ">", since);
    if (!scope.includes(EVERY_DISTRO)) q = q.where("distro", "in", [...scope, EVERY_DISTRO]);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  /**
   * A short text that changes whenever data of `scope`'s distributions is written (their
   * snapshots, advisories, mirror lists, images, popularity, release dates, probes), so an
   * answer over AlmaLinux stays fresh while Rocky syncs. `["*"]` is the whole store's.
   */
  async fingerprint(scope: readonly string[]): Promise<string> {
    return storeFingerprint(this.db, scope.includes(EVERY_DISTRO) ? undefined : scope);
  }
}

function toAnswer(r: Database["stored_answers"]): StoredAnswer {
  return {
    key: r.key,
    scope: JSON.parse(r.scope) as string[],
    fingerprint: r.fingerprint,
    computedAt: r.computed_at,
    type: r.type,
    body: r.body,
  };
}
