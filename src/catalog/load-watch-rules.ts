import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../errors/config-error.js";
import type { Catalog } from "./load-catalog.js";
import { readYamlFile } from "./read-yaml-file.js";
import { type WatchRules, watchSchema } from "./watch-schema.js";

/**
 * Where watch.yaml is when `--rules` names none: `$XDG_CONFIG_HOME/elscope/watch.yaml`, else
 * `~/.config/elscope/watch.yaml` (the XDG base directory spec's default).
 *
 * @example
 * defaultWatchRulesPath({ XDG_CONFIG_HOME: "/c" }) // "/c/elscope/watch.yaml"
 */
export function defaultWatchRulesPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env["XDG_CONFIG_HOME"];
  const base = xdg !== undefined && xdg.startsWith("/") ? xdg : join(env["HOME"] ?? homedir(), ".config");
  return join(base, "elscope", "watch.yaml");
}

/** The rules file the worker evaluates after each job: `--rules`, else the default when it exists, else none. */
export function workerWatchRulesPath(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  if (given !== undefined) return given;
  const path = defaultWatchRulesPath(env);
  return existsSync(path) ? path : null;
}

/**
 * Reads and validates watch.yaml; every distribution a rule names must be in the catalog. A
 * ConfigError names the file, the path inside it and the problem
 * (`watch: /etc/watch.yaml: rules[2].days: Expected number, received string`).
 *
 * @example
 * const { rules, notify } = loadWatchRules("watch.yaml", catalog);
 */
export function loadWatchRules(file: string, catalog: Catalog): WatchRules {
  // A first run has no rules yet: say where they go, not just that a file is missing.
  if (!existsSync(file))
    throw new ConfigError(
      "watch",
      'no rules file: write one (README, "Watch rules and alerts", has a sample) or name it with --rules',
      { file },
    );
  const parsed = readYamlFile(file, watchSchema, "watch");
  const known = new Set(catalog.distros.map((d) => d.id));
  parsed.rules.forEach((r, i) => {
    for (const field of ["rebuild", "upstream", "distro"] as const) {
      const id = (r as Partial<Record<typeof field, string>>)[field];
      if (id !== undefined && !known.has(id))
        throw new ConfigError("watch", `rules[${i}].${field}: "${id}" is not a distribution in the catalog`, { file });
    }
  });
  return parsed;
}
