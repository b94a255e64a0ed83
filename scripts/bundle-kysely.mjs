// Build step (npm run build): kysely's 263 ES modules as one file, dist/vendor/kysely.js, which
// every import of "#kysely" loads (package.json "imports"). Node 20 resolves, reads and links each
// ES module on its own; one file instead of 263 took a command's start from 100-130 ms of loading
// kysely to 14 ms (measured 2026-12-03, `await import()` of each, same machine). Only the module
// count changes: the code is kysely's own, unchanged, with its MIT license beside it.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// A direct dependency, so npm installs it here (its "exports" do not offer package.json to resolve).
const pkgDir = join(root, "node_modules", "kysely");
const { version, license } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const out = join(root, "dist", "vendor");
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(pkgDir, "dist", "esm", "index.js")],
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outfile: join(out, "kysely.js"),
  banner: { js: `/*! kysely ${version} (${license}; see kysely.LICENSE), bundled by scripts/bundle-kysely.mjs */` },
  logLevel: "warning",
});
copyFileSync(join(pkgDir, "LICENSE"), join(out, "kysely.LICENSE"));
