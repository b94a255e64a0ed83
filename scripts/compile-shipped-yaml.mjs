// Build step (npm run build, after tsc): the values of the YAML files elscope ships (catalog/,
// facts/), keyed by each text's SHA-256, so a command reads them without loading the YAML parser
// (src/catalog/shipped-yaml.ts). Only values that survive JSON unchanged are kept; any other file,
// or one edited after the build, is parsed as before.
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { URL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { BUILTIN_CATALOG_DIR } from "../dist/src/catalog/load-catalog.js";
import { BUILTIN_FACTS_DIR } from "../dist/src/catalog/load-facts.js";
import { SHIPPED_YAML_FILE, yamlTextKey } from "../dist/src/catalog/shipped-yaml.js";
import { yamlToJs } from "../dist/src/catalog/yaml-to-js.js";

const values = {};
for (const dir of [BUILTIN_CATALOG_DIR, BUILTIN_FACTS_DIR]) {
  for (const name of readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const text = readFileSync(join(dir, name), "utf8");
    const read = yamlToJs(text);
    if (read.kind === "value" && isDeepStrictEqual(JSON.parse(JSON.stringify(read.value)), read.value))
      values[yamlTextKey(text)] = read.value;
  }
}
const tmp = new URL(`${SHIPPED_YAML_FILE.href}.tmp`);
writeFileSync(tmp, `${JSON.stringify(values)}\n`);
renameSync(tmp, SHIPPED_YAML_FILE);
