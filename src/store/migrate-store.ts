import { type Kysely, Migrator } from "kysely";
import type { Database } from "./database.js";
import * as initial from "./migrations/0001-initial.js";
import * as releaseDates from "./migrations/0002-release-dates.js";
import * as advisories from "./migrations/0003-advisories.js";
import * as mirrors from "./migrations/0004-mirrors.js";
import * as images from "./migrations/0005-images.js";
import * as advisoryClocks from "./migrations/0006-advisory-clocks.js";
import * as advisoryPackageStreams from "./migrations/0007-advisory-package-streams.js";

/**
 * Brings the schema up to the newest migration. The migrations are imported
 * rather than looked up on disk, so they travel with the compiled code and
 * always run in the order listed here.
 *
 * @example
 * await migrateStore(kysely);
 */
export async function migrateStore(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: () =>
        Promise.resolve({
          "0001-initial": initial,
          "0002-release-dates": releaseDates,
          "0003-advisories": advisories,
          "0004-mirrors": mirrors,
          "0005-images": images,
          "0006-advisory-clocks": advisoryClocks,
          "0007-advisory-package-streams": advisoryPackageStreams,
        }),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error("migration failed", { cause: error });
}
