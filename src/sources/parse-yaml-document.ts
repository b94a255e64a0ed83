import { type Document, parseDocument } from "yaml";

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
): Document {
  try {
    return parseDocument(text, options);
  } catch (e) {
    if (e instanceof RangeError) return fail("invalid YAML: nested too deeply to read");
    throw e;
  }
}
