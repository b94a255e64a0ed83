#!/usr/bin/env bash
# npm pack's prepack: builds when the compiled CLI in dist/src is missing or older than its sources,
# so a pack right after a build (as in the tests, which run beside each other) does not rebuild.
# A stale build is rebuilt from an empty dist/src, since a compiled file whose source was removed
# would otherwise ship in the tarball.
set -euo pipefail
cd "$(dirname "$0")/.."

stale=""
[ -f dist/src/cli/main.js ] || stale="no build"
[ -f dist/vendor/kysely.js ] || stale="no kysely bundle (scripts/bundle-kysely.mjs)"
[ -z "$stale" ] && [ tsconfig.json -nt dist/src/cli/main.js ] && stale="tsconfig.json"
if [ -z "$stale" ]; then
  while IFS= read -r ts; do
    js="dist/${ts%.ts}.js"
    if [ ! -f "$js" ] || [ "$ts" -nt "$js" ]; then stale="$ts" && break; fi
  done < <(find src -name '*.ts')
fi
if [ -z "$stale" ]; then
  while IFS= read -r js; do
    ts="${js#dist/}"
    if [ ! -f "${ts%.js}.ts" ]; then stale="$js (its source is gone)" && break; fi
  done < <(find dist/src -name '*.js')
fi
if [ -n "$stale" ]; then
  echo "prepack: building ($stale)" >&2
  rm -rf dist/src
  npm run --silent build
  # The same mark as scripts/setup.sh's, so that ./elscope does not build again.
  touch dist/.built
fi
