import { createRequire } from "node:module";
import type * as Yaml from "yaml";

// Required on first use, not imported: the registry imports every driver, so an import here put
// the parser (about 80 modules, 45 ms of a sync's start-up on its critical path, measured with
// --cpu-prof on 2026-12-03) into every sync and parser thread, which never read YAML.
let yaml: typeof Yaml | undefined;

/**
 * `parseDocument` of the yaml package, but a document nested deeply enough to overflow its
 * recursive parser's stack (thousands of levels, or repeated half-lines that each open a
 * mapping: found by the fuzz harness) is `fail`ed as invalid YAML instead of thrown as a
 * RangeError. Its other problems stay in `doc.errors`, for the caller to report.
 *
 * @example
 * const doc = parseYamlDocument(text, { uniqueKeys: true }, fail);
 */
export function parseYamlDocument(
  text: string,
  options: { readonly uniqueKeys: boolean },
  fail: (problem: string) => never,
): Yaml.Document {
  yaml ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  try {
    return yaml.parseDocument(text, options);
  } catch (e) {
    if (e instanceof RangeError) return fail("invalid YAML: nested too deeply to read");
    throw e;
  }
}
