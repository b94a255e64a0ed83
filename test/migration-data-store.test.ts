import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { LeappRecord } from "../src/model/leapp-record.js";
import { MigrationDataStore } from "../src/store/migration-data-store.js";
import { DIALECTS, openFreshStore } from "./helpers/dialects.js";

// Migration 0011 on both stores: an import replaces a distribution's records of its kind only.
const map = (source: string, target: string): LeappRecord => ({
  kind: "repo-map",
  sourceMajor: "8",
  targetMajor: "9",
  source,
  target,
});
// More rows than one insert statement takes, so the batches are exercised.
const MANY: LeappRecord[] = Array.from({ length: 1203 }, (_, i) => map(`repo${i}`, `almalinux9-repo${i}`));

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test("replace keeps order, drops warnings, and leaves other kinds and distributions alone", async () => {
      const store = await openFreshStore(dialect);
      try {
        const data = new MigrationDataStore(store.db);
        const at = "2026-12-01T00:00:00.000Z";
        await data.replace(
          { distro: "almalinux", sourceKind: "leapp-repomap", source: "a.json", importedAt: at },
          MANY,
        );
        await data.replace({ distro: "rocky", sourceKind: "leapp-repomap", source: "r.json", importedAt: at }, [
          map("powertools", "rocky9-crb"),
        ]);
        await data.replace({ distro: "almalinux", sourceKind: "leapp-repomap", source: "b.json", importedAt: at }, [
          map("powertools", "almalinux9-crb"),
          { kind: "warning", message: "not kept" },
          map("baseos", "almalinux9-baseos"),
        ]);
        const alma = await data.records("almalinux", ["leapp-repomap", "leapp-pes-events"]);
        assert.deepEqual(alma.records, [map("powertools", "almalinux9-crb"), map("baseos", "almalinux9-baseos")]);
        assert.deepEqual(alma.origins, [
          { distro: "almalinux", sourceKind: "leapp-repomap", source: "b.json", importedAt: at },
        ]);
        assert.equal((await data.records("rocky", ["leapp-repomap"])).records.length, 1);
        assert.deepEqual((await data.records("rocky", [])).records, []);
      } finally {
        await store.close();
      }
    });
  });
}
