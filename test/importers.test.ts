import assert from "node:assert/strict";
import { test } from "node:test";
import { IMPORTERS, importerFor } from "../src/ingest/importers.js";
import { UsageError } from "../src/errors/usage-error.js";
import { getDriver, kindsOf } from "../src/sources/registry.js";

test("the importers table has every kind of the importable families, each with its driver's family", () => {
  const importable = (["release-dates", "advisories", "mirrors", "images", "popularity", "leapp"] as const).flatMap(
    (f) => kindsOf(f),
  );
  assert.deepEqual([...IMPORTERS.keys()].sort(), [...importable].sort());
  for (const [kind, importer] of IMPORTERS) assert.equal(importer.family, getDriver(kind).family, kind);
});

test("repositories and directory listings are not imported; an unknown kind names the known ones", () => {
  for (const kind of [...kindsOf("rpm-md"), ...kindsOf("listings"), "nosuch"]) {
    assert.throws(
      () => importerFor(kind),
      (e: unknown) => e instanceof UsageError && e.message.includes(`"${kind}" cannot be imported; kinds: endoflife`),
    );
  }
});
