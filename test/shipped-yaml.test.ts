// The shipped catalog and facts are read from the values the build wrote (no YAML parser loaded),
// and only while their text is the one the build read: an edited or foreign file is parsed.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { distroSchema } from "../src/catalog/catalog-schema.js";
import { BUILTIN_CATALOG_DIR } from "../src/catalog/load-catalog.js";
import { BUILTIN_FACTS_DIR } from "../src/catalog/load-facts.js";
import { readYamlFile } from "../src/catalog/read-yaml-file.js";
import { shippedYaml } from "../src/catalog/shipped-yaml.js";
import { yamlToJs } from "../src/catalog/yaml-to-js.js";

const shippedFiles = [BUILTIN_CATALOG_DIR, BUILTIN_FACTS_DIR].flatMap((dir) =>
  readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .map((n) => join(dir, n)),
);

test("every shipped YAML file has the build's value, equal to parsing it", () => {
  assert.ok(shippedFiles.length >= 10);
  for (const file of shippedFiles) {
    const text = readFileSync(file, "utf8");
    const parsed = yamlToJs(text);
    assert.equal(parsed.kind, "value", file);
    assert.deepEqual(shippedYaml(text), parsed.kind === "value" ? parsed.value : null, file);
  }
});

test("an edited shipped file is parsed, not taken from the build", () => {
  const file = join(BUILTIN_CATALOG_DIR, "rocky.yaml");
  const text = readFileSync(file, "utf8");
  const edited = text.replace(/^id: rocky$/m, "id: rocky-edited");
  assert.notEqual(edited, text);
  assert.equal(shippedYaml(edited), undefined);
  const dir = mkdtempSync(join(tmpdir(), "elscope-yaml-"));
  try {
    writeFileSync(join(dir, "rocky-edited.yaml"), edited);
    assert.equal(readYamlFile(join(dir, "rocky-edited.yaml"), distroSchema, "catalog").id, "rocky-edited");
    writeFileSync(join(dir, "broken.yaml"), `${text}\nid: again\n`);
    assert.throws(
      () => readYamlFile(join(dir, "broken.yaml"), distroSchema, "catalog"),
      (e: Error) => /invalid YAML/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
