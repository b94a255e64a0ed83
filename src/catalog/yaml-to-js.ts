import { createRequire } from "node:module";
import type * as Yaml from "yaml";

/** What reading a YAML text gives: its value, or the first problem's one-line message. */
export type YamlValue =
  { readonly kind: "value"; readonly value: unknown } | { readonly kind: "invalid"; readonly problem: string };

// Required on first use, not imported: a command whose YAML is all shipped (shippedYaml) never loads
// the parser, which with its ~80 modules is a tenth of a short command's start-up.
let yaml: typeof Yaml | undefined;

/**
 * A YAML text as plain values, the way every elscope configuration file is read: duplicate keys
 * refused, at most 100 aliases expanded, a document nested too deeply to parse refused.
 *
 * @example
 * yamlToJs("id: rocky\n") // { kind: "value", value: { id: "rocky" } }
 */
export function yamlToJs(text: string): YamlValue {
  yaml ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  let doc: ReturnType<typeof yaml.parseDocument>;
  try {
    doc = yaml.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    // The yaml parser recurses: a document nested deeply enough overflows its stack.
    if (e instanceof RangeError) return { kind: "invalid", problem: "invalid YAML: nested too deeply to read" };
    throw e;
  }
  const err = doc.errors[0];
  if (err !== undefined)
    return { kind: "invalid", problem: `invalid YAML: ${err.message.split("\n")[0] ?? "unknown error"}` };
  return { kind: "value", value: doc.toJS({ maxAliasCount: 100 }) };
}
