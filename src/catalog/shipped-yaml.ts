import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** Where the build writes the shipped YAML's values (scripts/compile-shipped-yaml.mjs). */
export const SHIPPED_YAML_FILE = new URL("../shipped-yaml.json", import.meta.url);

let shipped: ReadonlyMap<string, unknown> | undefined;

/** The key of a text in the shipped values: its SHA-256, so an edited file is never mistaken for the shipped one. */
export function yamlTextKey(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The value of a YAML text that elscope ships (the catalog, the facts), as the build read it, or
 * undefined for any other text: a file edited since, a user's own, or no build output at all. Its
 * caller validates the value as if it had parsed it, so a damaged build output can only cost time.
 *
 * @example
 * shippedYaml(readFileSync("catalog/rocky.yaml", "utf8")) // { id: "rocky", ... }, or undefined
 */
export function shippedYaml(text: string): unknown {
  if (shipped === undefined) {
    try {
      const parsed = JSON.parse(readFileSync(SHIPPED_YAML_FILE, "utf8")) as unknown;
      shipped =
        typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
          ? new Map(Object.entries(parsed))
          : new Map();
    } catch {
      shipped = new Map();
    }
  }
  return shipped.size === 0 ? undefined : shipped.get(yamlTextKey(text));
}
