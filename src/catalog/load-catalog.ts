import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../errors/config-error.js";
import { type Distro, distroSchema } from "./catalog-schema.js";
import { readYamlFile } from "./read-yaml-file.js";

/** The validated catalog: distributions by id, each with the file it came from. */
export interface Catalog {
  readonly distros: readonly Distro[];
  readonly files: Readonly<Record<string, string>>;
}

const TEMPLATE_VARS = new Set(["mirror", "major", "minor", "release", "path", "arch"]);

/** The catalog shipped with elscope. */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL("../../../catalog/", import.meta.url));

/**
 * Reads and validates every `*.yaml` in the built-in catalog and in `extraDirs`
 * (a user's own rebuilds or private mirrors). A file in an extra folder
 * replaces the built-in distribution with the same id. Errors name the file,
 * the path inside it and the problem.
 *
 * @example
 * const catalog = loadCatalog([process.env.HOME + "/.config/elscope/catalog"]);
 */
export function loadCatalog(extraDirs: readonly string[] = [], builtinDir = BUILTIN_CATALOG_DIR): Catalog {
  const byId = new Map<string, { distro: Distro; file: string; builtin: boolean }>();
  for (const [dir, builtin] of [[builtinDir, true] as const, ...extraDirs.map((d) => [d, false] as const)]) {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error("not a directory");
      names = readdirSync(dir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort();
    } catch (e) {
      throw new ConfigError("catalog", `cannot read catalog folder: ${(e as Error).message}`, { file: dir });
    }
    for (const n of names) {
      const file = join(dir, n);
      const distro = loadDistroFile(file);
      const seen = byId.get(distro.id);
      if (seen !== undefined && seen.builtin === builtin) {
        throw new ConfigError("catalog", `distribution "${distro.id}" is also declared in ${seen.file}`, { file });
      }
      byId.set(distro.id, { distro, file, builtin });
    }
  }
  const distros = [...byId.values()].map((v) => v.distro).sort((a, b) => a.id.localeCompare(b.id));
  for (const d of distros) {
    if (d.upstream !== undefined && !byId.has(d.upstream)) {
      throw new ConfigError("catalog", `upstream: "${d.upstream}" is not a distribution in the catalog`, {
        file: byId.get(d.id)?.file ?? d.id,
      });
    }
  }
  return {
    distros,
    files: Object.fromEntries([...byId].map(([id, v]) => [id, v.file])),
  };
}

/** Reads one distribution file and validates it. */
export function loadDistroFile(file: string): Distro {
  const distro = readYamlFile(file, distroSchema, "catalog");
  const stem = basename(file).replace(/\.ya?ml$/, "");
  if (stem !== distro.id)
    throw new ConfigError("catalog", `id: "${distro.id}" must match the file name "${stem}"`, { file });
  checkTemplates(distro, file);
  return distro;
}

function checkTemplates(d: Distro, file: string): void {
  const check = (where: string, t: string | undefined): void => {
    if (t === undefined) return;
    for (const m of t.matchAll(/\{([^}]*)\}/g)) {
      if (!TEMPLATE_VARS.has(m[1] ?? "")) {
        throw new ConfigError("catalog", `${where}: unknown template variable {${m[1]}}`, { file });
      }
    }
  };
  for (const [k, v] of Object.entries(d.urls)) check(`urls.${k}`, v);
  d.majors.forEach((m, i) => {
    const newest = m.minors[m.minors.length - 1];
    m.minors.forEach((minor, j) => {
      if (!minor.startsWith(`${m.major}.`)) {
        throw new ConfigError("catalog", `majors[${i}].minors[${j}]: "${minor}" is not a minor of ${m.major}`, {
          file,
        });
      }
    });
    if (!m.rolling && newest === undefined) {
      throw new ConfigError("catalog", `majors[${i}]: a major that is not rolling needs minors`, { file });
    }
    m.repos.forEach((r, j) => {
      check(`majors[${i}].repos[${j}].url`, r.url);
      check(`majors[${i}].repos[${j}].vaultUrl`, r.vaultUrl);
      check(`majors[${i}].repos[${j}].sourceUrl`, r.sourceUrl);
      for (const a of r.arches ?? []) {
        if (a !== "src" && !m.arches.includes(a)) {
          throw new ConfigError(
            "catalog",
            `majors[${i}].repos[${j}].arches: ${a} is not an architecture of ${m.major}`,
            {
              file,
            },
          );
        }
      }
    });
  });
}
