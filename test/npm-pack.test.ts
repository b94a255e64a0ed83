import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tempDir } from "./helpers/temp-dir.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The npm settings that `npm test` passes down and the inner npm keeps: where its cache, config and headers are. */
const NPM_KEPT = new Set(
  ["cache", "userconfig", "globalconfig", "registry", "cafile", "nodedir"].map((k) => `npm_config_${k}`),
);

/**
 * The environment of a user's shell: without the other npm_* variables that `npm test` passes down
 * (its npm_config_local_prefix would point the inner npm at this checkout), and without elscope's
 * own settings, so the installed program finds its catalog, facts and snapshot by itself.
 */
function userEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if ((!/^npm_/i.test(k) || NPM_KEPT.has(k.toLowerCase())) && !k.startsWith("ELSCOPE_")) env[k] = v;
  }
  return { ...env, ...extra };
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly files: readonly { readonly path: string }[];
}

test("npm pack, then npm install of the tarball in an empty folder, gives a working elscope", async () => {
  const dir = await tempDir("elscope-pack-");
  try {
    const env = userEnv({ HOME: dir.path, XDG_DATA_HOME: join(dir.path, "data") });
    // HOME is the temp folder for the programs, but npm keeps the user's cache and settings (nodedir).
    const npmEnv = userEnv({});

    // --ignore-scripts: the test command has just built dist/, and prepack's rebuild (which empties
    // dist/src first) would pull the compiled CLI from under the tests running beside this one.
    const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir.path], {
      cwd: ROOT,
      env: npmEnv,
      maxBuffer: 16 << 20,
    });
    const [pack] = JSON.parse(packed.stdout) as PackResult[];
    assert.ok(pack !== undefined);
    const files = pack.files.map((f) => f.path);
    for (const needed of [
      "package.json",
      "README.md",
      "bin/elscope.js",
      "dist/src/cli/main.js",
      "dist/src/sources/parse-worker.js",
      "dist/vendor/kysely.js",
      "dist/vendor/kysely.LICENSE",
      "catalog/rhel.yaml",
      "facts/rhel.yaml",
      "data/snapshot.db.xz",
      "data/README.md",
      "deploy/elscope-serve.service",
      "deploy/elscope-worker@.service",
      "deploy/elscope.env",
    ])
      assert.ok(files.includes(needed), `${needed} is missing from the tarball`);
    const unwanted = files.filter((f) => /^(src|test|bench|scripts|dist\/test|dist\/bench)\/|\.map$|\.ts$/.test(f));
    assert.deepEqual(unwanted, []);

    // better-sqlite3's install script tries prebuild-install (a download from GitHub, which this
    // machine cannot reach) and then compiles with node-gyp (a minute or more of C on two cores).
    // prebuild-install first looks for a local prebuild, so the binary that `npm ci` built here
    // for the same version and Node ABI is handed to it as one; it loads the binary before
    // accepting it. Its settings come from a .prebuild-installrc found upward from the install.
    const app = join(dir.path, "app");
    const prebuilds = join(dir.path, "prebuilds");
    await mkdir(app);
    await mkdir(prebuilds);
    const sqlitePackage = createRequire(import.meta.url).resolve("better-sqlite3/package.json");
    const sqliteVersion = (JSON.parse(await readFile(sqlitePackage, "utf8")) as { version: string }).version;
    const prebuild = `better-sqlite3-v${sqliteVersion}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
    await run("tar", [
      "-czf",
      join(prebuilds, prebuild),
      "-C",
      dirname(sqlitePackage),
      "build/Release/better_sqlite3.node",
    ]);
    await writeFile(join(app, ".prebuild-installrc"), `local-prebuilds=${prebuilds}\n`);

    const tarball = join(dir.path, pack.filename);
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
      cwd: app,
      env: npmEnv,
      maxBuffer: 16 << 20,
    });
    const installed = join(app, "node_modules", "elscope");
    assert.equal(existsSync(join(installed, "dist", "src", "cli", "main.js")), true);
    assert.equal(existsSync(join(installed, "dist", "test")), false);
    // node-gyp leaves its object files here; the local prebuild leaves only the .node file.
    assert.equal(
      existsSync(join(app, "node_modules", "better-sqlite3", "build", "Release", "obj.target")),
      false,
      "better-sqlite3 was compiled instead of taken from the local prebuild",
    );

    // The bin link as a shell runs it (its shebang), from a folder that is neither the checkout nor the install.
    const elscope = join(app, "node_modules", ".bin", "elscope");
    const elsewhere = join(dir.path, "elsewhere");
    await mkdir(elsewhere);
    const opts = { cwd: elsewhere, env, maxBuffer: 16 << 20 };
    const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal((await run(elscope, ["--version"], opts)).stdout, `${manifest.version}\n`);

    const catalog = await run(elscope, ["catalog"], opts);
    assert.match(catalog.stdout, /^rhel +upstream +9 /m);
    assert.match(catalog.stdout, /^almalinux +rebuild +9 /m);

    // The first command on the default store seeds it from the bundled snapshot.
    const lag = await run(elscope, ["release-lag"], opts);
    assert.match(lag.stderr, /seeded with the bundled snapshot/);
    assert.match(lag.stdout, /^8\.4 +almalinux +2021-05-18 .* almalinux-release-notes /m);
    assert.equal(existsSync(join(dir.path, "data", "elscope", "elscope.db")), true);
  } finally {
    await dir.remove();
  }
});
