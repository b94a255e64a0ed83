import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ParseError } from "../src/errors/parse-error.js";
import { listDrivers } from "../src/sources/registry.js";
import type { SourceDriver } from "../src/sources/source-driver.js";
import { assertGolden } from "./helpers/golden.js";

// The shared conformance suite: every registered source kind must pass it.
const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));

function chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return (async function* () {
    for (const p of parts) yield await Promise.resolve(p);
  })();
}

async function parseAll(driver: SourceDriver, bytes: Uint8Array, size: number, file = "fixture"): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of driver.parse(chunked(bytes, size), { sourceId: "conformance", file })) out.push(...batch);
  return out;
}

async function rejects(driver: SourceDriver, bytes: Uint8Array, what: string): Promise<void> {
  await assert.rejects(parseAll(driver, bytes, 4096, "bad.xml"), (e: unknown) => {
    assert.ok(e instanceof ParseError, `${what}: expected a ParseError, got ${String(e)}`);
    assert.equal(e.sourceId, "conformance");
    assert.equal(e.file, "bad.xml");
    assert.match(e.message, /^conformance: bad\.xml: /);
    return true;
  });
}

for (const driver of listDrivers()) {
  describe(`source kind ${driver.kind}`, () => {
    const dir = FIXTURES + driver.kind;
    const fixtures = readdirSync(dir).sort();
    test("has fixtures", () => assert.ok(fixtures.length > 0));

    for (const name of fixtures) {
      const bytes = readFileSync(`${dir}/${name}`);
      test(`${name}: output matches its golden file`, async () => {
        assertGolden(`${driver.kind}/${name.replace(/\.[a-z]+$/, "")}.json`, await parseAll(driver, bytes, 1 << 16));
      });
      test(`${name}: the same records whatever the chunk boundaries`, async () => {
        const whole = await parseAll(driver, bytes, bytes.length);
        for (const size of [1, 2, 3, 7, 64, 1000])
          assert.deepEqual(await parseAll(driver, bytes, size), whole, `chunk ${size}`);
      });
      test(`${name}: a truncated copy is a ParseError naming source and file${driver.truncation === "prefix" ? ", or a subset" : ""}`, async () => {
        const cuts = [0.1, 0.5, 0.9, 0.99].map((f) => Math.floor(bytes.length * f));
        if (driver.truncation === "line") {
          for (const cut of cuts.filter((c) => bytes[c - 1] !== 0x0a)) {
            await rejects(driver, bytes.subarray(0, cut), `cut at ${cut}`);
          }
          return;
        }
        if (driver.truncation !== "prefix") {
          for (const cut of cuts) await rejects(driver, bytes.subarray(0, cut), `cut at ${cut}`);
          return;
        }
        const whole = new Set((await parseAll(driver, bytes, bytes.length)).map((r) => JSON.stringify(r)));
        for (const cut of cuts) {
          let part: unknown[];
          try {
            part = await parseAll(driver, bytes.subarray(0, cut), 4096, "bad.xml");
          } catch (e) {
            assert.ok(e instanceof ParseError, `cut at ${cut}: ${String(e)}`);
            continue;
          }
          // A cut row may turn into a warning; every real record must be one of the whole input's.
          for (const r of part.filter((x) => (x as { kind?: string }).kind !== "warning")) {
            assert.ok(whole.has(JSON.stringify(r)), `cut at ${cut}: ${JSON.stringify(r)} is not in the whole`);
          }
        }
      });
    }

    test("empty input, binary garbage and a DTD are ParseErrors", async () => {
      await rejects(driver, new Uint8Array(0), "empty");
      await rejects(driver, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00, 0x41]), "garbage");
      await rejects(
        driver,
        Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
        "dtd",
      );
      await rejects(driver, Buffer.from("<metadata><package></metadata>"), "mismatched tags");
    });
  });
}
