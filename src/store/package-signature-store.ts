import type { Kysely } from "#kysely";
import type { PackageSignature, SignatureSample } from "../model/package-signature.js";
import type { Database } from "./database.js";

/**
 * The packages of each repository's newest snapshot to read signatures of: `perRepository` of
 * them per repository, in checksum order (a spread over the repository that the same snapshot
 * always gives alike), binary and source alike.
 *
 * @example
 * await signatureSample(store.db, "almalinux", ["9.4"], 20);
 */
export async function signatureSample(
  db: Kysely<Database>,
  distro: string,
  releases: readonly string[],
  perRepository: number,
): Promise<readonly SignatureSample[]> {
  let q = db
    .selectFrom("snapshots as s")
    .innerJoin("repositories as r", "r.id", "s.repository_id")
    .where("r.distro", "=", distro);
  if (releases.length > 0) q = q.where("r.release", "in", releases);
  const newest = await q
    .select(["r.id", "r.key", "r.release", (eb) => eb.fn.max("s.id").as("m")])
    .groupBy(["r.id", "r.key", "r.release"])
    .orderBy("r.key")
    .execute();
  const out: SignatureSample[] = [];
  for (const n of newest) {
    const snap = await db.selectFrom("snapshots").where("id", "=", Number(n.m)).select("source_url").executeTakeFirst();
    if (snap === undefined) continue;
    const rows = await db
      .selectFrom("packages")
      .where("repository_id", "=", Number(n.id))
      .where("last_snapshot_id", "=", Number(n.m))
      .select(["name", "epoch", "version", "release", "arch", "location", "checksum"])
      .orderBy("checksum")
      .orderBy("location")
      .limit(perRepository)
      .execute();
    for (const r of rows) {
      const epoch = Number(r.epoch) === 0 ? "" : `${r.epoch}:`;
      out.push({
        repository: n.key,
        distro,
        release: n.release,
        sourceUrl: snap.source_url,
        location: r.location,
        nevra: `${r.name}-${epoch}${r.version}-${r.release}.${r.arch}`,
      });
    }
  }
  return out;
}

/** Stores signature reads, replacing earlier reads of the same package files, in one transaction. */
export async function recordSignatures(db: Kysely<Database>, rows: readonly PackageSignature[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (tx) => {
    for (const r of rows) {
      await tx
        .deleteFrom("package_signatures")
        .where("repository", "=", r.repository)
        .where("location", "=", r.location)
        .execute();
      await tx
        .insertInto("package_signatures")
        .values({
          repository: r.repository,
          distro: r.distro,
          release: r.release,
          location: r.location,
          nevra: r.nevra,
          checked_at: r.checkedAt,
          status: r.status,
          sig_tag: r.sigTag,
          key_id: r.keyId,
          fingerprint: r.fingerprint,
          algorithm: r.algorithm,
          hash: r.hash,
          bytes_read: r.bytesRead,
          problem: r.problem,
        })
        .execute();
    }
  });
}

/** The stored signature reads of `distro` (optionally only some releases), sorted by repository and location. */
export async function storedSignatures(
  db: Kysely<Database>,
  distro: string,
  releases: readonly string[] = [],
): Promise<readonly PackageSignature[]> {
  let q = db.selectFrom("package_signatures").where("distro", "=", distro);
  if (releases.length > 0) q = q.where("release", "in", releases);
  const rows = await q.selectAll().orderBy("repository").orderBy("location").execute();
  return rows.map((r) => ({
    repository: r.repository,
    distro: r.distro,
    release: r.release,
    location: r.location,
    nevra: r.nevra,
    checkedAt: r.checked_at,
    status: r.status as PackageSignature["status"],
    sigTag: r.sig_tag,
    keyId: r.key_id,
    fingerprint: r.fingerprint,
    algorithm: r.algorithm,
    hash: r.hash,
    bytesRead: r.bytes_read === null ? null : Number(r.bytes_read),
    problem: r.problem,
  }));
}
