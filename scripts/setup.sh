#!/usr/bin/env bash
# One-time (and idempotent) set-up: the Debian packages elscope and its tests use,
# the npm dependencies, and the build. Safe to run again; it skips what is done.
set -euo pipefail
cd "$(dirname "$0")/.."

# rpm, createrepo_c, dnf and libsolv are the test oracles and benchmark peers; xz, zstd
# and bzip2 decompress repository metadata, run by util-linux's setpriv and prlimit (Essential in
# Debian, named so that it is checked); gpgv checks signatures; openssl makes test certificates;
# chromium runs the dashboard's end-to-end tests (driven by playwright-core, which brings no browser);
# postgresql is the second store (the tests start a throwaway cluster of it; the service is not used).
DEBS=(rpm createrepo-c dnf libsolv-tools zstd xz-utils bzip2 util-linux gnupg gpgv openssl ca-certificates time python3-createrepo-c chromium postgresql)
TOOLS=(rpmbuild createrepo_c dnf rpmmd2solv zstd xz bzip2 setpriv prlimit gpg gpgv openssl /usr/bin/time /usr/bin/chromium)
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then TOOLS+=(/nonexistent/initdb); fi

missing=0
for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null 2>&1 || missing=1; done
if [ "$missing" = 1 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "setup: installing Debian packages: ${DEBS[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${DEBS[@]}" >/dev/null
fi

# By the lock file's content, not its time: a fresh checkout (a clone, a git worktree) has a new
# file time but the same dependencies.
LOCK_SUM="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ] || [ "$(cat node_modules/.elscope-lock-sum 2>/dev/null)" != "$LOCK_SUM" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_SUM" > node_modules/.elscope-lock-sum
fi

# Build only when a source is newer than the last build, so ./elscope starts fast.
if [ ! -f dist/.built ] || [ -n "$(find src bench test tsconfig.json package-lock.json -newer dist/.built -print -quit)" ]; then
  npm run --silent build
  touch dist/.built
fi
