import assert from "node:assert/strict";
import { test } from "node:test";
import { ADVISORY_KINDS, MIRROR_LIST_KINDS, RELEASE_DATE_SOURCE_KINDS } from "../src/catalog/catalog-schema.js";
import { getDriver, kindsOf, listDrivers } from "../src/sources/registry.js";

// The catalog cannot import the registry (it is the layer below), so its zod enums are literal;
// this is what keeps them from drifting apart from the drivers' families.
const sorted = (kinds: readonly string[]): string[] => [...kinds].sort();

test("the catalog's release-date sources are the registry's release-dates family", () => {
  assert.deepEqual(sorted(RELEASE_DATE_SOURCE_KINDS), sorted(kindsOf("release-dates")));
});

test("the catalog's advisory kinds are the registry's advisories family", () => {
  assert.deepEqual(sorted(ADVISORY_KINDS), sorted(kindsOf("advisories")));
});

test("the catalog's mirror-list kinds are the registry's mirrors family", () => {
  assert.deepEqual(sorted(MIRROR_LIST_KINDS), sorted(kindsOf("mirrors")));
});

test("every driver is in exactly one family, and kindsOf lists each kind once", () => {
  const families = [
    "rpm-md",
    "release-dates",
    "advisories",
    "mirrors",
    "images",
    "popularity",
    "listings",
    "leapp",
  ] as const;
  const listed = families.flatMap((f) => kindsOf(f));
  assert.deepEqual(sorted(listed), sorted(listDrivers().map((d) => d.kind)));
  for (const f of families) for (const k of kindsOf(f)) assert.equal(getDriver(k).family, f);
});
