import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../errors/config-error.js";

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
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    // The yaml parser recurses: a document nested deeply enough overflows its stack.
    if (e instanceof RangeError) throw new ConfigError(sourceId, "invalid YAML: nested too deeply to read", { file });
    throw e;
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new ConfigError(sourceId, `invalid YAML: ${err?.message.split("\n")[0] ?? "unknown error"}`, { file });
  }
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined ? "" : formatPath(issue.path);
    throw new ConfigError(sourceId, `${path === "" ? "" : `${path}: `}${issue?.message ?? "invalid"}`, { file });
  }
  return parsed.data as z.output<S>;
}
