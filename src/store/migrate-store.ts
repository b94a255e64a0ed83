import { type Kysely, Migrator, sql } from "#kysely";
import { ConfigError } from "../errors/config-error.js";
import type { Database } from "./database.js";
import * as initial from "./migrations/0001-initial.js";
import * as releaseDates from "./migrations/0002-release-dates.js";
import * as advisories from "./migrations/0003-advisories.js";
import * as mirrors from "./migrations/0004-mirrors.js";
import * as images from "./migrations/0005-images.js";
import * as advisoryClocks from "./migrations/0006-advisory-clocks.js";
import * as advisoryPackageStreams from "./migrations/0007-advisory-package-streams.js";
import * as snapshotCounts from "./migrations/0008-snapshot-counts.js";
import * as storedAnswers from "./migrations/0009-stored-answers.js";
import * as sourceBuilds from "./migrations/0010-source-builds.js";
import * as migrationData from "./migrations/0011-migration-data.js";
import * as packageSignatures from "./migrations/0012-package-signatures.js";
import * as alertFirings from "./migrations/0013-alert-firings.js";
import * as factPages from "./migrations/0015-fact-pages.js";
import * as popularityNotes from "./migrations/0016-popularity-notes.js";
import * as sourceBuildPacks from "./migrations/0017-source-build-packs.js";
import * as provenanceSummaries from "./migrations/0018-provenance-summaries.js";
import * as buildFolds from "./migrations/0019-build-folds.js";

const MIGRATIONS = {
  "0001-initial": initial,
  "0002-release-dates": releaseDates,
  "0003-advisories": advisories,
  "0004-mirrors": mirrors,
  "0005-images": images,
  "0006-advisory-clocks": advisoryClocks,
  "0007-advisory-package-streams": advisoryPackageStreams,
  "0008-snapshot-counts": snapshotCounts,
  "0009-stored-answers": storedAnswers,
  "0010-source-builds": sourceBuilds,
  "0011-migration-data": migrationData,
  "0012-package-signatures": packageSignatures,
  "0013-alert-firings": alertFirings,
  "0015-fact-pages": factPages,
  "0016-popularity-notes": popularityNotes,
  "0017-source-build-packs": sourceBuildPacks,
  "0018-provenance-summaries": provenanceSummaries,
  "0019-build-folds": buildFolds,
} as const;

/** The newest schema this elscope knows, as stored in the store's migration table. */
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).sort().at(-1) ?? "";

/**
 * A store a newer elscope has migrated is left alone: its schema may hold
 * tables or meanings this version would get wrong.
 */
async function refuseNewerStore(db: Kysely<Database>, location: string): Promise<void> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === "kysely_migration")) return;
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const unknown = rows.rows.map((r) => r.name).filter((n) => !(n in MIGRATIONS));
  if (unknown.length === 0) return;
  throw new ConfigError(
    "store",
    `${location} was made by a newer elscope: it has schema ${unknown.at(-1) ?? ""}, this elscope knows up to ${SCHEMA_VERSION}; upgrade elscope to use it`,
  );
}

/**
 * Brings the schema up to the newest migration. The migrations are imported
 * rather than looked up on disk, so they travel with the compiled code and
 * always run in the order listed here.
 *
 * @example
 * await migrateStore(kysely);
 */
export async function migrateStore(db: Kysely<Database>, location = "store"): Promise<void> {
  await refuseNewerStore(db, location);
  // Unordered: a store (the bundled snapshot among them) made on a branch whose migration is
  // numbered above one another branch adds later still takes the later one; every migration here
  // adds tables or columns of its own, so the order they run in does not change the schema.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error("migration failed", { cause: error });
}
