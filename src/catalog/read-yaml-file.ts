import { readFileSync } from "node:fs";
import type { z } from "zod";
import { ConfigError } from "../errors/config-error.js";
import { shippedYaml } from "./shipped-yaml.js";
import { yamlToJs } from "./yaml-to-js.js";

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/**
 * Reads a YAML file and validates it with `schema`; a ConfigError names the
 * file, the path inside it and the problem.
 *
 * @example
 * const distro = readYamlFile("catalog/almalinux.yaml", distroSchema, "catalog");
 */
export function readYamlFile<S extends z.ZodTypeAny>(file: string, schema: S, sourceId: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(sourceId, `cannot read: ${(e as Error).message}`, { file });
  }
  // A shipped file as the build read it; validated all the same.
  let value = shippedYaml(text);
  if (value === undefined) {
    const read = yamlToJs(text);
    if (read.kind === "invalid") throw new ConfigError(sourceId, read.problem, { file });
    value = read.value;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined ? "" : formatPath(issue.path);
    throw new ConfigError(sourceId, `${path === "" ? "" : `${path}: `}${issue?.message ?? "invalid"}`, { file });
  }
  return parsed.data as z.output<S>;
}
